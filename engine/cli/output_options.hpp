#pragma once
/// @file output_options.hpp
/// The options every command that prints figures shares: how its CSV is written.

#include "engine/report/figures_output.hpp"

#include <CLI/CLI.hpp>
#include <string>

namespace fibre::cli {

/// Adds `--csv-locale fr|c` to @p app, writing into @p locale (default "fr"): `fr` writes CSV for
/// French spreadsheets (`;`, decimal comma, UTF-8 byte-order mark), `c` for programs (`,`, decimal
/// point, no byte-order mark).
void add_csv_locale_option(CLI::App& app, std::string& locale);

/// The CSV style a value of `--csv-locale` stands for ("fr" or "c").
report::CsvStyle csv_style(const std::string& locale);

} // namespace fibre::cli
