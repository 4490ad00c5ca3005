#include "core/validation/service_loader.h"

#include "core/routing/route_table.h"
#include "core/routing/table_analysis.h"
#include "support/service_fixtures.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace gatehouse::config {
namespace {

namespace fs = std::filesystem;
using testing::describe;
using testing::problemsAt;

class TempDir {
public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "gatehouse-test-XXXXXX").string();
        path_ = mkdtemp(tmpl.data());
    }
    ~TempDir() { fs::remove_all(path_); }
    const fs::path& path() const { return path_; }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path_ / name) << text;
        return (path_ / name).string();
    }

private:
    fs::path path_;
};

TEST(ServiceLoader, TheSampleFleetIsValid) {
    const std::vector<std::string> paths{testing::sourceDir() + "/resources/services"};
    LoadedServices loaded = loadServiceFiles(paths);
    EXPECT_TRUE(loaded.problems.empty()) << describe(loaded.problems);
    EXPECT_GE(loaded.services.size(), 12u);
    EXPECT_EQ(loaded.filesRead, loaded.services.size());
    auto table = routing::RouteTable::build(std::move(loaded.services));
    EXPECT_GE(table->entries().size(), 50u);
    const Problems analysis = routing::analyseTable(*table);
    EXPECT_TRUE(analysis.empty()) << describe(analysis);
    auto match = table->match("GET", "api.example.com", "/v2/droplets/42");
    ASSERT_TRUE(match);
    EXPECT_EQ(match->entry->serviceName(), "droplets");
}

TEST(ServiceLoader, ABadFileIsRejectedAndTheRestLoad) {
    TempDir dir;
    dir.write("a.json", boost::json::serialize(testing::validServiceJson("alpha")));
    dir.write("b.json", "{\"name\": \"beta\", \"routes\": null}");
    dir.write("notes.txt", "not a service");
    LoadedServices loaded = loadServiceFiles(std::vector<std::string>{dir.path().string()});
    ASSERT_EQ(loaded.services.size(), 1u);
    EXPECT_EQ(loaded.services[0].name, "alpha");
    EXPECT_EQ(loaded.filesRead, 2u);
    EXPECT_EQ(loaded.filesRejected, 1u);
    auto nulls = problemsAt(loaded.problems, "null_value", "routes");
    ASSERT_EQ(nulls.size(), 1u) << describe(loaded.problems);
    EXPECT_EQ(nulls[0].file, (dir.path() / "b.json").string());
}

TEST(ServiceLoader, OneServiceOneFile) {
    TempDir dir;
    dir.write("a.json", boost::json::serialize(testing::validServiceJson("alpha")));
    dir.write("b.json", boost::json::serialize(testing::validServiceJson("alpha")));
    LoadedServices loaded = loadServiceFiles(std::vector<std::string>{dir.path().string()});
    EXPECT_EQ(loaded.services.size(), 1u);
    auto dup = problemsAt(loaded.problems, "duplicate_service", "name");
    ASSERT_EQ(dup.size(), 1u) << describe(loaded.problems);
    EXPECT_EQ(dup[0].message, "service 'alpha' is already declared in " + (dir.path() / "a.json").string());
}

TEST(ServiceLoader, LoopingAndDanglingLinksAreProblemsNotCrashes) {
    TempDir dir;
    dir.write("a.json", boost::json::serialize(testing::validServiceJson("alpha")));
    fs::create_symlink("loop.json", dir.path() / "loop.json");
    fs::create_symlink("missing.json", dir.path() / "dangling.json");
    LoadedServices loaded = loadServiceFiles(std::vector<std::string>{dir.path().string()});
    ASSERT_EQ(loaded.services.size(), 1u) << describe(loaded.problems);
    EXPECT_EQ(problemsAt(loaded.problems, "io_error", "").size(), 2u) << describe(loaded.problems);
}

TEST(ServiceLoader, MissingFiles) {
    LoadedServices loaded = loadServiceFiles(std::vector<std::string>{"/nonexistent/gatehouse/x.json"});
    auto io = problemsAt(loaded.problems, "io_error", "");
    ASSERT_EQ(io.size(), 1u);
    EXPECT_EQ(io[0].message, "no such file or directory");
}

} // namespace
} // namespace gatehouse::config
