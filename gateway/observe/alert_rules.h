#pragma once

#include "observe/thresholds.h"

#include <string>

namespace gatehouse::gateway {

// The built-in alert rules as Prometheus alerting rules (YAML), for fleets that run
// Prometheus: the same thresholds, windows and explanations as the gateway's own
// status (`gatehouse alerts export-rules`; checked with `promtool check rules`).
std::string prometheusAlertRules(const Thresholds& thresholds);

} // namespace gatehouse::gateway
