#include "hlcnn/experiments/report_table.h"

#include "hlcnn/core/number_text.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace hlcnn {

TableFormat parseTableFormat(const std::string& text) {
    if (text == "text") return TableFormat::Text;
    if (text == "csv") return TableFormat::Csv;
    if (text == "md" || text == "markdown") return TableFormat::Markdown;
    if (text == "latex" || text == "tex") return TableFormat::Latex;
    throw std::invalid_argument("format must be text, csv, md or latex, not '" + text + "'");
}

std::string withThousands(std::int64_t value) {
    std::string digits = std::to_string(value < 0 ? -value : value), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return value < 0 ? "-" + out : out;
}

std::string fixedDecimals(double value, int decimals) { return fixedText(value, decimals); }

std::string millions(std::int64_t value, int decimals) { return fixedDecimals(double(value) / 1e6, decimals); }

namespace {

std::string csvCell(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

// A numeric cell as a CSV reader wants it: digit-group commas dropped ("3,504,872" -> 3504872),
// so spreadsheets and pandas read a number, not a quoted string.
std::string plainNumber(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool group = s[i] == ',' && i > 0 && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i - 1])) &&
                           std::isdigit(static_cast<unsigned char>(s[i + 1]));
        if (!group) out += s[i];
    }
    return out;
}

std::string latexCell(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (s.compare(i, 2, "\xC2\xB1") == 0) {   // UTF-8 "±" (mean ± std)
            out += "$\\pm$";
            ++i;
            continue;
        }
        switch (c) {
        case '_': case '%': case '&': case '#': case '$': case '{': case '}': out += '\\'; out += c; break;
        case '\\': out += "\\textbackslash{}"; break;
        case '~': out += "\\textasciitilde{}"; break;
        case '^': out += "\\textasciicircum{}"; break;
        default: out += c;
        }
    }
    return out;
}

bool isNumeric(const Table& t, std::size_t c) { return c < t.numeric.size() && t.numeric[c]; }

}  // namespace

std::string renderTable(const Table& t, TableFormat format) {
    const std::size_t cols = t.header.size();
    std::string out;
    auto cell = [&](const std::vector<std::string>& row, std::size_t c) { return c < row.size() ? row[c] : std::string(); };
    switch (format) {
    case TableFormat::Csv:
        for (std::size_t c = 0; c < cols; ++c) out += (c ? "," : "") + csvCell(t.header[c]);
        out += "\n";
        for (const auto& row : t.rows) {
            for (std::size_t c = 0; c < cols; ++c)
                out += (c ? "," : "") + csvCell(isNumeric(t, c) ? plainNumber(cell(row, c)) : cell(row, c));
            out += "\n";
        }
        return out;
    case TableFormat::Markdown:
        out += "|";
        for (const auto& h : t.header) out += " " + h + " |";
        out += "\n|";
        for (std::size_t c = 0; c < cols; ++c) out += isNumeric(t, c) ? " ---: |" : " --- |";
        out += "\n";
        for (const auto& row : t.rows) {
            out += "|";
            for (std::size_t c = 0; c < cols; ++c) out += " " + cell(row, c) + " |";
            out += "\n";
        }
        return out;
    case TableFormat::Latex: {
        out += "\\begin{tabular}{";
        for (std::size_t c = 0; c < cols; ++c) out += isNumeric(t, c) ? "r" : "l";
        out += "}\n\\toprule\n";
        for (std::size_t c = 0; c < cols; ++c) out += (c ? " & " : "") + latexCell(t.header[c]);
        out += " \\\\\n\\midrule\n";
        for (const auto& row : t.rows) {
            for (std::size_t c = 0; c < cols; ++c) out += (c ? " & " : "") + latexCell(cell(row, c));
            out += " \\\\\n";
        }
        out += "\\bottomrule\n\\end{tabular}\n";
        return out;
    }
    case TableFormat::Text: {
        std::vector<std::size_t> width(cols, 0);
        for (std::size_t c = 0; c < cols; ++c) {
            width[c] = t.header[c].size();
            for (const auto& row : t.rows) width[c] = std::max(width[c], cell(row, c).size());
        }
        auto line = [&](const std::vector<std::string>& row) {
            std::string l;
            for (std::size_t c = 0; c < cols; ++c) {
                const std::string v = cell(row, c);
                const std::string pad(width[c] - v.size(), ' ');
                l += (c ? "  " : "") + (isNumeric(t, c) ? pad + v : v + (c + 1 < cols ? pad : ""));
            }
            return l + "\n";
        };
        out += line(t.header);
        std::size_t total = 0;
        for (std::size_t w : width) total += w;
        out += std::string(total + 2 * (cols ? cols - 1 : 0), '-') + "\n";
        for (const auto& row : t.rows) out += line(row);
        return out;
    }
    }
    return out;
}

}  // namespace hlcnn
