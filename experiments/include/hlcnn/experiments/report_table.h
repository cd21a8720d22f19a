// A plain table and its renderings for terminals and reports (text, CSV, Markdown, LaTeX booktabs).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hlcnn {

enum class TableFormat { Text, Csv, Markdown, Latex };

TableFormat parseTableFormat(const std::string& text);  // text|csv|md|latex; throws std::invalid_argument

struct Table {
    std::vector<std::string> header;
    std::vector<bool> numeric;                 // right-aligned columns
    std::vector<std::vector<std::string>> rows;
};

std::string renderTable(const Table& table, TableFormat format);

std::string withThousands(std::int64_t value);  // 3504872 -> "3,504,872"
std::string millions(std::int64_t value, int decimals = 2);  // 300774272 -> "300.77"
std::string fixedDecimals(double value, int decimals);       // (86.614, 2) -> "86.61"

}  // namespace hlcnn
