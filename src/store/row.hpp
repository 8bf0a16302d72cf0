#pragma once

#include <cstddef>
#include <string>

namespace soci {
class row;
}

namespace dossier::store {

// Columns of SOCI's dynamic rows by value, whatever type the engine reported. SOCI's
// row::get<T> throws std::bad_cast unless T is exactly the reported type, and SQLite reports
// "INTEGER" columns as int, "BIGINT" ones as long long and expressions as text.
long long row_int(soci::row const& r, std::size_t column);
std::string row_text(soci::row const& r, std::size_t column);

}  // namespace dossier::store
