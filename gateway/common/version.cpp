#include "common/version.h"

namespace gatehouse::gateway {

const char* gatehouseVersion() { return GATEHOUSE_VERSION; } // defined for this file only: a release bump rebuilds one file

} // namespace gatehouse::gateway
