#include "models/presentation.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTimeZone>

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
    case HealthStatus::idle: return QColor(0x64, 0x74, 0x8b); // slate: neither good nor bad, not known
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
    case HealthStatus::idle: return Presentation::tr("No data");
    case HealthStatus::unknown: break;
    }
    return Presentation::tr("Unknown");
}

QColor severityColor(const QString& severity, const QString& state) {
    if (state == QLatin1String("resolved")) return statusColor(HealthStatus::green);
    if (state == QLatin1String("resolved_no_traffic")) return statusColor(HealthStatus::idle);
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
    if (state == QLatin1String("no_traffic")) return Presentation::tr("Firing, no traffic to judge");
    if (state == QLatin1String("resolved_no_traffic")) return Presentation::tr("Resolved: no traffic");
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
    const QString time = at.time().toString(QStringLiteral("HH:mm:ss"));
    if (at.date() == QDate::currentDate()) return time;
    return Presentation::tr("%1 %2").arg(QLocale().toString(at.date(), QLocale::ShortFormat), time);
}

QString formatTimeUtc(qint64 epochMs) {
    if (epochMs <= 0) return QString();
    return QDateTime::fromMSecsSinceEpoch(epochMs, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

qint64 parseIsoTime(const QString& text) {
    const QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    return at.isValid() ? at.toMSecsSinceEpoch() : 0;
}

QString formatDuration(qint64 ms) {
    const qint64 minutes = std::max<qint64>(0, ms) / 60'000;
    if (minutes < 1) return Presentation::tr("%n s", nullptr, int(std::max<qint64>(0, ms) / 1000));
    if (minutes < 60) return Presentation::tr("%n min", nullptr, int(minutes));
    if (minutes < 24 * 60) return Presentation::tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
    return Presentation::tr("%1 d %2 h").arg(minutes / (24 * 60)).arg((minutes / 60) % 24);
}

QString routeKindText(const QString& kind) {
    if (kind == QLatin1String("exact")) return Presentation::tr("exact");
    if (kind == QLatin1String("param")) return Presentation::tr("with parameters");
    if (kind == QLatin1String("wildcard")) return Presentation::tr("wildcard");
    return kind;
}

QString decisionText(const QString& decision) {
    if (decision == QLatin1String("allow")) return Presentation::tr("allowed");
    if (decision == QLatin1String("deny")) return Presentation::tr("denied");
    if (decision == QLatin1String("skip")) return Presentation::tr("skipped");
    if (decision == QLatin1String("error")) return Presentation::tr("failed");
    return decision;
}

QString precedenceRuleText(const QString& rule) {
    if (rule == QLatin1String("full_before_wildcard")) return Presentation::tr("full paths before wildcards");
    if (rule == QLatin1String("constraints")) return Presentation::tr("more constraints (hosts, methods) first");
    if (rule == QLatin1String("exact_before_param")) return Presentation::tr("exact paths before parameters");
    if (rule == QLatin1String("longer_path")) return Presentation::tr("longer paths first");
    if (rule == QLatin1String("tie_break")) return Presentation::tr("tie broken by service name and position");
    return rule;
}

QString auditActionText(const QString& action) {
    if (action == QLatin1String("default_filter.disable")) return Presentation::tr("switched a default filter off");
    if (action == QLatin1String("default_filter.enable")) return Presentation::tr("switched a default filter on");
    return action;
}

QString auditDetailText(const QString& detailJson) {
    const QJsonDocument document = QJsonDocument::fromJson(detailJson.toUtf8());
    if (!document.isObject()) return detailJson;
    QStringList parts;
    const QJsonObject o = document.object();
    // The reason first (it is why the change was made), then the rest by name.
    QStringList keys = o.keys();
    if (keys.removeOne(QStringLiteral("reason"))) keys.prepend(QStringLiteral("reason"));
    for (const QString& key : keys) {
        const auto it = o.find(key);
        const QString value = it.value().isString() ? it.value().toString()
                              : it.value().isBool() ? (it.value().toBool() ? Presentation::tr("yes") : Presentation::tr("no"))
                                                    : QString::fromUtf8(QJsonDocument(QJsonObject{{it.key(), it.value()}}).toJson(QJsonDocument::Compact))
                                                          .section(QLatin1Char(':'), 1).chopped(1);
        const QString name = it.key() == QLatin1String("reason")    ? Presentation::tr("reason")
                             : it.key() == QLatin1String("enabled") ? Presentation::tr("enabled")
                             : it.key() == QLatin1String("filter")  ? Presentation::tr("filter")
                                                                    : it.key();
        parts << Presentation::tr("%1: %2").arg(name, value);
    }
    return parts.join(QStringLiteral("; "));
}

QString thresholdTitle(const QString& key) {
    if (key == QLatin1String("error_ratio")) return Presentation::tr("5xx ratio");
    if (key == QLatin1String("gateway_failure_ratio")) return Presentation::tr("Gateway failures (502/503/504)");
    if (key == QLatin1String("p99_latency")) return Presentation::tr("p99 latency");
    if (key == QLatin1String("destinations")) return Presentation::tr("Healthy destinations");
    if (key == QLatin1String("destination_flapping")) return Presentation::tr("Flapping destination");
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
        return Presentation::tr("The share of requests the service itself answered with a 5xx status. The gateway's own 502/503/504 "
                                "are not in it: they are gateway failures.");
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
    if (key == QLatin1String("destination_flapping")) {
        return Presentation::tr("An instance keeps changing between healthy and unhealthy: requests to it fail now and then, and each "
                                "ejection moves its traffic onto the others.");
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
    if (key == QLatin1String("destination_flapping")) {
        return Presentation::tr("Read the instance's health history below for the failing check's result: a crash loop, a health "
                                "check near its timeout, or a dependency that fails now and then.");
    }
    return fallback;
}

} // namespace gatehouse::console
