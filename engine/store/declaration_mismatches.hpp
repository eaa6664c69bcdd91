#pragma once
/// @file declaration_mismatches.hpp
/// Reading the declared-versus-computed mismatches the latest analysis stored (table
/// declaration_mismatch), with what a reader needs beside them: the premise's address and the
/// commune's name.

#include "engine/model/declaration_mismatch.hpp"

#include <string>
#include <vector>

namespace fibre::store {

class Database;

/// One stored mismatch and the names that go with it.
struct MismatchRow {
    model::DeclarationMismatch mismatch;
    std::string address;      ///< the premise's address (number and street), else the IPE line's
    std::string commune_name; ///< the name of the commune `mismatch.insee`, empty when unknown
    std::string delivery;     ///< the label of the premise's import: (delivery, premise_code) is unique
};

/// Whether the latest analysis stored its mismatches (a store analysed by a version of fibre
/// that did not has no such rows, or rows of an earlier analysis). @throws StoreError.
bool has_declaration_mismatches(Database& db);

/// The mismatches of the latest analysis, in the order it found them. @throws StoreError.
std::vector<MismatchRow> read_declaration_mismatches(Database& db);

} // namespace fibre::store
