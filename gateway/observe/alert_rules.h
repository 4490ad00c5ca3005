#pragma once

#include "observe/thresholds.h"

#include <string>

namespace gatehouse::gateway {

// The built-in alert rules as Prometheus alerting rules (YAML), for fleets that run
// Prometheus: the same thresholds, windows and explanations as the gateway's own
// status (`gatehouse alerts export-rules`; checked with `promtool check rules`), and a
// second group of recording rules for the fleet's views (per service across every
// gateway, and per gateway).
std::string prometheusAlertRules(const Thresholds& thresholds);

} // namespace gatehouse::gateway
