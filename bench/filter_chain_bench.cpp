// What the default filters cost per request, alone and as the default chain, on a
// realistic request head (browser-like fields, a bearer token, a query string).
// Run: build/release/bench/gatehouse_filter_bench (figures in docs/benchmarks.md).
#include "config/gateway_config.h"
#include "filters/filter_chain.h"
#include "filters/filter_registry.h"
#include "filters/filter_services.h"

#include <benchmark/benchmark.h>

namespace {

using namespace gatehouse;
using namespace gatehouse::gateway;

const std::string kHead =
    "GET /v2/droplets/3164494/actions?page=2&per_page=20 HTTP/1.1\r\n"
    "Host: api.example.com\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0 Safari/537.36\r\n"
    "Accept: application/json\r\n"
    "Accept-Language: en-US,en;q=0.9,pt-BR;q=0.8\r\n"
    "Accept-Encoding: gzip, deflate, br\r\n"
    "Authorization: Bearer dop_v1_5f1c0a1e0d7b4b2f9c1e8a7d6b5c4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b\r\n"
    "X-Request-Id: 2f0c3e9d-77a4-4f2e-9a61-0c1d2e3f4a5b\r\n"
    "Cookie: _ga=GA1.2.1234567890.1700000000; theme=dark\r\n"
    "\r\n";

const std::string kResponse = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 103\r\n\r\n";

struct Setup {
    explicit Setup(std::vector<std::string> before, std::vector<std::string> after) {
        GatewayConfig config;
        config.defaultBefore = std::move(before);
        config.defaultAfter = std::move(after);
        services = std::make_unique<filters::FilterServices>(config.filterSettings());
        service.name = "droplets";
        service.routes.push_back({{}, {}, {"/v2/droplets/*"}, {}, {}, std::nullopt});
        service.destinations.push_back({"http", "127.0.0.1:9"});
        chain = *filters::buildChain(services->env, service, 0, services->defaultsBefore, services->defaultsAfter,
                                     services->stats);
        http::HeadError error;
        http::parseRequestHead(kHead, {}, head, error);
        http::parseResponseHead(kResponse, {}, response, error);
    }
    std::unique_ptr<filters::FilterServices> services;
    config::ServiceConfig service;
    std::shared_ptr<const filters::FilterChain> chain;
    http::RequestHead head;
    http::ResponseHead response;
};

// One request through the chain as the session drives it: context set up, before
// filters, after filters on the backend's response, context reset for the next.
void runChain(benchmark::State& state, std::vector<std::string> before, std::vector<std::string> after) {
    Setup setup(std::move(before), std::move(after));
    filters::RequestContext context;
    for (auto _ : state) {
        context.reset();
        context.method = setup.head.method;
        context.target = setup.head.target;
        context.path = setup.head.target.substr(0, setup.head.target.find('?'));
        context.host = "api.example.com";
        context.clientIp = "192.0.2.7";
        context.head = &setup.head;
        auto stop = setup.chain->runBefore(context);
        benchmark::DoNotOptimize(stop);
        context.status = 200;
        context.response = &setup.response;
        setup.chain->flagShadowMismatches(context, 200);
        setup.chain->runAfter(context);
        benchmark::DoNotOptimize(context.responseFields.data());
    }
}

void BM_NoFilters(benchmark::State& state) { runChain(state, {}, {}); }
void BM_RequestId(benchmark::State& state) { runChain(state, {"request_id"}, {}); }
void BM_Sanitize(benchmark::State& state) { runChain(state, {"sanitize"}, {}); }
void BM_SecurityHeaders(benchmark::State& state) { runChain(state, {}, {"security_headers"}); }
void BM_DefaultChain(benchmark::State& state) { runChain(state, {"request_id", "sanitize"}, {"security_headers"}); }

BENCHMARK(BM_NoFilters);
BENCHMARK(BM_RequestId);
BENCHMARK(BM_Sanitize);
BENCHMARK(BM_SecurityHeaders);
BENCHMARK(BM_DefaultChain);

} // namespace

BENCHMARK_MAIN();
