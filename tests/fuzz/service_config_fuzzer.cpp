// One service config file, as `gatehouse-routes validate` reads it: the text through
// parseServiceText (strict JSON, duplicate keys, then the service schema), and, when
// it is valid, the table it makes on its own (RouteTable::build, analyseTable, index).
//
// Invariants (abort on violation): no crash, leak or undefined behaviour; every Problem
// has a code, a message, the file name and a path (only a lone whole-document problem,
// json_syntax or a root that is not an object, may have an empty path); a path leads
// to its place in the document; the same document read from text and from its parsed
// JSON gives the same problems; a valid service has a valid name and routes; the index
// answers as the ordered scan does.
#include "routing_fuzz_common.h"

#include "core/validation/service_parser.h"

using namespace gatehouse;
using namespace gatehouse::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = text(data, size);
    const std::string file = "services/fuzz.json";
    const config::ParsedService parsed = config::parseServiceText(input, file);
    checkProblems(parsed.problems, file, input);
    for (const config::Problem& p : parsed.problems) (void)config::formatProblem(p);

    // Past the JSON checks, text and parsed JSON are read by the same rules.
    const bool jsonOk = std::none_of(parsed.problems.begin(), parsed.problems.end(), [](const config::Problem& p) {
        return p.code == "json_syntax" || p.code == "duplicate_key" || p.path.empty(); // syntax, or the text's size
    });
    boost::system::error_code ec;
    const json::value document = json::parse(json::string_view(input.data(), input.size()), ec);
    if (jsonOk) {
        FUZZ_CHECK(!ec, fmt::format("parseServiceText read JSON that boost::json refuses ({})", ec.message()));
        const config::ParsedService again = config::parseServiceJson(document, file);
        bool same = again.problems.size() == parsed.problems.size();
        for (std::size_t i = 0; same && i < again.problems.size(); ++i) {
            same = again.problems[i].path == parsed.problems[i].path && again.problems[i].code == parsed.problems[i].code;
        }
        FUZZ_CHECK(same, fmt::format("parseServiceJson:\n{}parseServiceText:\n{}", describe(again.problems),
                                     describe(parsed.problems)));
    }

    if (!parsed.ok()) return 0;
    const config::ServiceConfig& service = parsed.service;
    FUZZ_CHECK(config::isValidServiceName(service.name), fmt::format("valid with the name '{}'", escaped(service.name)));
    FUZZ_CHECK(!service.routes.empty(), "valid without routes");
    for (const config::Route& route : service.routes) {
        FUZZ_CHECK(!route.paths.empty(), "valid with a route without paths");
        for (const std::string& path : route.paths) {
            FUZZ_CHECK(routing::parsePathPattern(path).has_value(), fmt::format("valid with the path '{}'", escaped(path)));
        }
        for (const std::string& host : route.hosts) {
            std::string hint;
            FUZZ_CHECK(config::checkRouteHost(host, hint).empty(), fmt::format("valid with the host '{}'", escaped(host)));
        }
    }
    checkTable({service});
    return 0;
}
