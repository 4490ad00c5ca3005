// How long the fleet overview takes to refresh with 500 services: the model update, the
// proxy's worst-first re-sort, and a full repaint of the visible rows (offscreen).
#include "models/fleet_model.h"
#include "pages/fleet_page.h"

#include <QApplication>
#include <QTableView>

#include <benchmark/benchmark.h>

#include <random>

using namespace gatehouse::console;

namespace {

QVector<ServiceSummary> fleet(int size, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    QVector<ServiceSummary> out;
    for (int i = 0; i < size; ++i) {
        ServiceSummary s;
        s.name = QStringLiteral("service-%1").arg(i, 3, 10, QLatin1Char('0'));
        const double errors = unit(random) * unit(random) * 0.1;
        s.errorRatio = errors;
        s.status = errors > 0.05 ? HealthStatus::red : errors > 0.01 ? HealthStatus::amber : HealthStatus::green;
        s.requestRate = unit(random) * 500;
        s.p99Ms = unit(random) * 2000;
        s.totalDestinations = 3;
        s.healthyDestinations = unit(random) > 0.9 ? 2 : 3;
        out.push_back(s);
    }
    return out;
}

// A refresh: same services, new numbers (what every poll brings).
void BM_FleetRefresh(benchmark::State& state) {
    FleetPage page;
    FleetModel& model = *page.model();
    page.resize(1280, 800);
    page.show();
    model.setServices(fleet(int(state.range(0)), 1));
    QApplication::processEvents();
    unsigned seed = 2;
    for (auto _ : state) {
        model.setServices(fleet(int(state.range(0)), seed++));
        QApplication::processEvents(); // the view's deferred layout
        page.view()->viewport()->repaint();
    }
    state.SetLabel("model update + re-sort + repaint");
}
BENCHMARK(BM_FleetRefresh)->Arg(500)->Unit(benchmark::kMillisecond);

// The first load (or a changed set of services): a reset.
void BM_FleetReset(benchmark::State& state) {
    FleetPage page;
    FleetModel& model = *page.model();
    page.resize(1280, 800);
    page.show();
    int round = 0;
    for (auto _ : state) {
        model.setServices(fleet(int(state.range(0)) + (round++ % 2), 3)); // a different set each time
        QApplication::processEvents(); // the view's deferred layout
        page.view()->viewport()->repaint();
    }
}
BENCHMARK(BM_FleetReset)->Arg(500)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
