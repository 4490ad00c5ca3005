#include "models/presentation.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace gatehouse::console {

// The context of these strings for translators (lupdate reads Presentation::tr).
class Presentation {
    Q_DECLARE_TR_FUNCTIONS(Presentation)
};

QColor statusColor(HealthStatus status) {
    switch (status) {
    case HealthStatus::red: return QColor(0xd3, 0x2f, 0x2f);
    case HealthStatus::amber: return QColor(0xf5, 0x9e, 0x0b);
    case HealthStatus::green: return QColor(0x2e, 0x9d, 0x4f);
    case HealthStatus::unknown: break;
    }
    return QColor(0x90, 0x90, 0x90);
}

QColor statusTextColor(HealthStatus status) {
    return status == HealthStatus::amber ? QColor(0xb4, 0x53, 0x09) : statusColor(status).darker(110);
}

QString statusText(HealthStatus status) {
    switch (status) {
    case HealthStatus::red: return Presentation::tr("Critical");
    case HealthStatus::amber: return Presentation::tr("Warning");
    case HealthStatus::green: return Presentation::tr("Healthy");
    case HealthStatus::unknown: break;
    }
    return Presentation::tr("Unknown");
}

QColor severityColor(const QString& severity, const QString& state) {
    if (state == QLatin1String("resolved")) return statusColor(HealthStatus::green);
    if (state == QLatin1String("pending")) return statusColor(HealthStatus::unknown);
    return severity == QLatin1String("critical") ? statusColor(HealthStatus::red) : statusColor(HealthStatus::amber);
}

QString severityText(const QString& severity) {
    if (severity == QLatin1String("critical")) return Presentation::tr("Critical");
    if (severity == QLatin1String("warning")) return Presentation::tr("Warning");
    return severity;
}

QString alertStateText(const QString& state) {
    if (state == QLatin1String("firing")) return Presentation::tr("Firing");
    if (state == QLatin1String("pending")) return Presentation::tr("Pending");
    if (state == QLatin1String("resolved")) return Presentation::tr("Resolved");
    return state;
}

QString formatRate(double perSecond) {
    return Presentation::tr("%1/s").arg(QLocale().toString(perSecond, 'f', perSecond < 10 ? 2 : 1));
}

QString formatRatio(std::optional<double> ratio) {
    if (!ratio) return QStringLiteral("—");
    return Presentation::tr("%1 %").arg(QLocale().toString(*ratio * 100, 'f', *ratio < 0.1 ? 2 : 1));
}

QString formatMs(std::optional<double> ms) {
    if (!ms) return QStringLiteral("—");
    if (*ms >= 1000) return Presentation::tr("%1 s").arg(QLocale().toString(*ms / 1000, 'f', 2));
    return Presentation::tr("%1 ms").arg(QLocale().toString(*ms, 'f', 0));
}

QString formatTime(qint64 epochMs) {
    if (epochMs <= 0) return QStringLiteral("—");
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(epochMs);
    if (at.date() == QDate::currentDate()) return QLocale().toString(at.time(), QLocale::ShortFormat);
    return QLocale().toString(at, QLocale::ShortFormat);
}

QString thresholdTitle(const QString& key) {
    if (key == QLatin1String("error_ratio")) return Presentation::tr("5xx ratio");
    if (key == QLatin1String("gateway_failure_ratio")) return Presentation::tr("Gateway failures (502/503/504)");
    if (key == QLatin1String("p99_latency")) return Presentation::tr("p99 latency");
    if (key == QLatin1String("destinations")) return Presentation::tr("Healthy destinations");
    if (key == QLatin1String("shadow_mismatches")) return Presentation::tr("Shadow mismatches");
    return key;
}

QString describeReasons(const QStringList& reasons) {
    QStringList out;
    for (const QString& reason : reasons) {
        const QString key = reason.section(QLatin1Char(':'), 0, 0);
        const QString level = reason.section(QLatin1Char(':'), 1);
        out << Presentation::tr("%1 (%2)").arg(thresholdTitle(key), level == QLatin1String("critical") ? Presentation::tr("critical") : Presentation::tr("warning"));
    }
    return out.join(QStringLiteral(", "));
}

QString thresholdMeaning(const QString& key, const QString& fallback) {
    if (key == QLatin1String("error_ratio")) {
        return Presentation::tr("The share of requests the service itself answered with a 5xx status. Clients see these as failures.");
    }
    if (key == QLatin1String("gateway_failure_ratio")) {
        return Presentation::tr("The share of requests the gateway had to answer itself because the service could not: refused or "
                  "reset connections, time-outs, no healthy destination.");
    }
    if (key == QLatin1String("p99_latency")) {
        return Presentation::tr("How long the slowest 1 % of requests take, compared with the service's timeout: near the timeout, "
                  "requests start failing with 504.");
    }
    if (key == QLatin1String("destinations")) {
        return Presentation::tr("How many of the service's instances pass their health checks. Traffic goes only to healthy ones.");
    }
    if (key == QLatin1String("shadow_mismatches")) {
        return Presentation::tr("A filter in shadow mode would have decided differently from the backend: denied what it served, or "
                  "allowed what it refused.");
    }
    return fallback;
}

QString thresholdHint(const QString& key, const QString& fallback) {
    if (key == QLatin1String("error_ratio")) {
        return Presentation::tr("Open the service's recent 5xx requests in the trail; check its latest deploy and its own logs.");
    }
    if (key == QLatin1String("gateway_failure_ratio")) {
        return Presentation::tr("Check the destinations table below: which instances fail their checks, and since when. Then the "
                  "service's capacity and network.");
    }
    if (key == QLatin1String("p99_latency")) {
        return Presentation::tr("Look for slow dependencies of the service (database, downstream calls) and for saturation; compare "
                  "p50 with p99 to tell a general slowdown from a slow few.");
    }
    if (key == QLatin1String("destinations")) {
        return Presentation::tr("Look at the failing instances' last check result; restart or replace them, or check the health "
                  "endpoint itself.");
    }
    if (key == QLatin1String("shadow_mismatches")) {
        return Presentation::tr("Open the trail for the service filtered to shadow mismatches before switching the filter to enforce.");
    }
    return fallback;
}

} // namespace gatehouse::console
