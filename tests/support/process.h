#pragma once

#include <string>
#include <vector>

namespace gatehouse::testing {

struct ProcessResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// A whole file's bytes ("" when it cannot be read).
std::string readFile(const std::string& path);

// Runs a program to completion (argv[0] is its path), capturing stdout and stderr.
ProcessResult runProcess(const std::vector<std::string>& argv);

} // namespace gatehouse::testing
