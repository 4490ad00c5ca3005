// The routing table as a collector publishes it (GET /v1/table) and a gateway keeps it
// on disk (last-known-good): parseTableDocument (shared/core/validation), then what
// CollectorFollower::apply does with an accepted document: build the table and
// analyse it.
//
// Invariants (abort on violation): no crash, leak or undefined behaviour; Problems
// follow the rules of config_fuzz_common.h (their paths include "services[i]"); an
// accepted document holds valid services with distinct names, each named after the
// collector; the index answers as the ordered scan does.
#include "routing_fuzz_common.h"

#include "core/validation/service_parser.h"
#include "core/validation/table_document.h"

#include <set>

using namespace gatehouse;
using namespace gatehouse::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = text(data, size);
    const std::string source = "http://127.0.0.1:9700/v1/table";
    const routing::ParsedTableDocument parsed = routing::parseTableDocument(input, source);
    checkProblems(parsed.problems, source, input);
    for (const config::Problem& p : parsed.problems) (void)config::formatProblem(p);
    if (!parsed.ok()) return 0;

    std::set<std::string> names;
    for (const config::ServiceConfig& service : parsed.document.services) {
        FUZZ_CHECK(config::isValidServiceName(service.name), fmt::format("accepted service name '{}'", escaped(service.name)));
        FUZZ_CHECK(names.insert(service.name).second, fmt::format("service '{}' accepted twice", service.name));
        FUZZ_CHECK(service.source == "collector:" + service.name, fmt::format("source '{}'", service.source));
        FUZZ_CHECK(!service.routes.empty(), "an accepted service without routes");
    }
    FUZZ_CHECK(parsed.document.version <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()), "version");
    checkTable(parsed.document.services);
    return 0;
}
