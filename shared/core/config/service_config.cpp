#include "core/config/service_config.h"

namespace gatehouse::config {

const char* filterModeName(FilterMode mode) {
    return mode == FilterMode::shadow ? "shadow" : "enforce";
}

} // namespace gatehouse::config
