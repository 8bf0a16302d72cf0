#include "store/row.hpp"

#include <soci/soci.h>

namespace dossier::store {

long long row_int(soci::row const& r, std::size_t column) {
  if (r.get_indicator(column) == soci::i_null) return 0;
  switch (r.get_properties(column).get_data_type()) {
    case soci::dt_integer: return r.get<int>(column);
    case soci::dt_long_long: return r.get<long long>(column);
    case soci::dt_unsigned_long_long:
      return static_cast<long long>(r.get<unsigned long long>(column));
    case soci::dt_double: return static_cast<long long>(r.get<double>(column));
    case soci::dt_string: return std::stoll(r.get<std::string>(column));
    default: throw std::bad_cast();
  }
}

std::string row_text(soci::row const& r, std::size_t column) {
  if (r.get_indicator(column) == soci::i_null) return {};
  switch (r.get_properties(column).get_data_type()) {
    case soci::dt_string: return r.get<std::string>(column);
    case soci::dt_integer: return std::to_string(r.get<int>(column));
    case soci::dt_long_long: return std::to_string(r.get<long long>(column));
    default: throw std::bad_cast();
  }
}

}  // namespace dossier::store
