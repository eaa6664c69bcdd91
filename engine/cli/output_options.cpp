#include "engine/cli/output_options.hpp"

namespace fibre::cli {

void add_csv_locale_option(CLI::App& app, std::string& locale) {
    if (locale.empty()) {
        locale = "fr";
    }
    app.add_option("--csv-locale", locale,
                   "CSV for French spreadsheets (fr: ';', decimal comma, byte-order mark) or for programs "
                   "(c: ',', decimal point, no byte-order mark)")
        ->check(CLI::IsMember({"fr", "c"}))
        ->default_val(locale)
        ->type_name("LOCALE");
}

report::CsvStyle csv_style(const std::string& locale) {
    return locale == "c" ? report::machine_csv : report::french_csv;
}

} // namespace fibre::cli
