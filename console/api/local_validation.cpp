#include "api/local_validation.h"

#include "core/validation/service_parser.h"

#include <QFile>

namespace gatehouse::console {

LocalValidation validateServiceFile(const QString& path) {
    LocalValidation out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.problems << QStringLiteral("%1: %2").arg(path, file.errorString());
        return out;
    }
    out.readable = true;
    const QByteArray text = file.readAll();
    const config::ParsedService parsed = config::parseServiceText(std::string_view(text.constData(), size_t(text.size())),
                                                                  path.toStdString());
    out.valid = parsed.ok();
    out.service = QString::fromStdString(parsed.service.name);
    for (const config::Problem& p : parsed.problems) {
        out.problems << QString::fromStdString(config::formatProblem(p));
        (p.severity == config::Severity::error ? out.errors : out.warnings) += 1;
    }
    return out;
}

} // namespace gatehouse::console
