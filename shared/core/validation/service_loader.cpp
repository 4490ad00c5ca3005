#include "core/validation/service_loader.h"

#include "core/validation/service_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace gatehouse::config {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> expandPaths(std::span<const std::string> paths, Problems& problems) {
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<std::string> inDir;
            // Error codes throughout: a dangling or looping link must not throw.
            fs::directory_iterator it(path, ec);
            for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
                std::error_code entryError;
                const bool isDirectory = it->is_directory(entryError);
                if (it->path().extension() != ".json") continue;
                if (entryError) {
                    problems.push_back({it->path().string(), "", "io_error",
                                        fmt::format("cannot read file: {}", entryError.message()), Severity::error, ""});
                    continue;
                }
                if (!isDirectory) inDir.push_back(it->path().string());
            }
            if (ec) {
                problems.push_back({path, "", "io_error", fmt::format("cannot list directory: {}", ec.message()),
                                    Severity::error, ""});
            }
            std::sort(inDir.begin(), inDir.end());
            if (inDir.empty() && !ec) {
                problems.push_back({path, "", "no_services", "directory has no *.json service files", Severity::warning,
                                    "service configs are files ending in .json"});
            }
            files.insert(files.end(), inDir.begin(), inDir.end());
        } else {
            files.push_back(path);
        }
    }
    return files;
}

} // namespace

LoadedServices loadServiceFiles(std::span<const std::string> paths, const ServiceLimits& limits) {
    LoadedServices result;
    std::map<std::string, std::string> owners; // service name -> file
    for (const std::string& file : expandPaths(paths, result.problems)) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::error_code ec;
            const bool exists = fs::exists(file, ec);
            result.problems.push_back({file, "", "io_error", exists ? "cannot read file" : "no such file or directory",
                                       Severity::error, ""});
            ++result.filesRejected;
            continue;
        }
        std::ostringstream text;
        text << in.rdbuf();
        ++result.filesRead;
        ParsedService parsed = parseServiceText(text.str(), file, limits);
        bool ok = parsed.ok();
        if (ok) {
            auto [it, inserted] = owners.emplace(parsed.service.name, file);
            if (!inserted) {
                parsed.problems.push_back({file, "name", "duplicate_service",
                                           fmt::format("service '{}' is already declared in {}", parsed.service.name,
                                                       it->second),
                                           Severity::error, "each service has exactly one config file"});
                ok = false;
            }
        }
        result.problems.insert(result.problems.end(), parsed.problems.begin(), parsed.problems.end());
        if (ok) result.services.push_back(std::move(parsed.service));
        else ++result.filesRejected;
    }
    return result;
}

} // namespace gatehouse::config
