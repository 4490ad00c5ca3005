#pragma once

namespace gatehouse::gateway {

// This build's release ("0.1.0"), as CMake's project() says.
const char* gatehouseVersion();

} // namespace gatehouse::gateway
