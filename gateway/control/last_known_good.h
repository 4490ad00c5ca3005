#pragma once

#include <expected>
#include <string>

namespace gatehouse::gateway {

// The last table a gateway accepted from the collector, kept in state_dir so that it can
// start while the collector is down. The file wraps the table document's exact bytes
// with their SHA-256: a torn or edited file is detected and ignored, never half-used.
//   {"format": 1, "saved_at": "...", "etag": "\"...\"", "sha256": "<hex>", "table": "<document text>"}
struct LastKnownGood {
    std::string tableText;
    std::string etag;
    std::string savedAt; // ISO 8601 UTC
    std::int64_t savedAtMs = 0;
};

// Writes atomically (temporary file, fsync, rename); an error says what failed.
std::expected<void, std::string> saveLastKnownGood(const std::string& file, const LastKnownGood& table);
// An error says why the file cannot be trusted (missing, not JSON, checksum mismatch).
std::expected<LastKnownGood, std::string> loadLastKnownGood(const std::string& file);

} // namespace gatehouse::gateway
