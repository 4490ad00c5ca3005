#pragma once

#include "core/config/problem.h"
#include "core/config/service_config.h"
#include "core/config/service_limits.h"

#include <span>
#include <string>
#include <vector>

namespace gatehouse::config {

struct LoadedServices {
    std::vector<ServiceConfig> services; // only those without errors
    Problems problems;                   // of every file, valid or not
    std::size_t filesRead = 0;
    std::size_t filesRejected = 0;
};

// Reads service configs from files and directories (every *.json directly inside a
// directory, in name order). A file that cannot be read, parsed or validated is
// rejected with its problems; a second file declaring a service name already loaded
// is rejected with duplicate_service.
LoadedServices loadServiceFiles(std::span<const std::string> paths, const ServiceLimits& limits = {});

} // namespace gatehouse::config
