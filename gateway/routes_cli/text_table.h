#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace gatehouse::cli {

// A plain-text table with aligned columns, for terminal output.
class TextTable {
public:
    explicit TextTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}
    void addRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
    void print(std::ostream& out) const;

private:
    std::vector<std::string> headers_;
    std::vector<std::vector<std::string>> rows_;
};

} // namespace gatehouse::cli
