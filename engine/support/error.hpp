#pragma once
/// @file error.hpp
/// Typed errors that carry where they happened (file, layer, feature, field) and
/// the exit code the `fibre` command maps them to.

#include <stdexcept>
#include <string>

namespace fibre {

/// Exit codes of the `fibre` command.
enum class ExitCode : int { ok = 0, data = 1, usage = 2 };

/// Where in the input a problem was found. Empty members are left out of messages.
struct ErrorContext {
    std::string file;    ///< source path as the user named it
    std::string layer;   ///< layer or table name
    std::string feature; ///< feature id or row number
    std::string field;   ///< field (column) name

    /// A context that names only a file.
    static ErrorContext in_file(std::string path) {
        ErrorContext c;
        c.file = std::move(path);
        return c;
    }

    /// "file 'x', layer 'y', feature 12, field 'z'" (only the parts that are set).
    [[nodiscard]] std::string describe() const;
};

/// Messages name files as the user named them, never as GDAL opens them: a file inside an
/// archive is `/vsizip//abs/path/deliveries.zip/zone-a/t_cable.csv` to GDAL and
/// `deliveries.zip/zone-a/t_cable.csv` to the user. Registers that every path starting with
/// @p gdal_prefix is shown with @p shown in its place (thread-safe; the longest prefix wins).
void register_display_path(const std::string& gdal_prefix, const std::string& shown);

/// @p text with every registered GDAL prefix replaced by what the user named, and any other
/// `/vsizip/`, `/vsitar/`, `/vsigzip/` prefix dropped.
std::string display_path(std::string text);

/// Base of every error fibre throws on purpose. The message is one line, meant for a user.
class Error : public std::runtime_error {
public:
    Error(std::string message, ExitCode code, ErrorContext context = {});

    [[nodiscard]] ExitCode exit_code() const noexcept { return code_; }
    [[nodiscard]] const ErrorContext& context() const noexcept { return context_; }
    /// The reason alone, without the context.
    [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

    /// Fills in the context members that are still empty, and rebuilds the message.
    /// Used to enrich an error on its way up (catch, add the feature id, rethrow).
    Error& add_context(const ErrorContext& outer);

private:
    void rebuild();

    std::string reason_;
    ExitCode code_;
    ErrorContext context_;
};

/// The command line was wrong: an unknown option, a bad value. Exit code 2.
class UsageError : public Error {
public:
    explicit UsageError(std::string message) : Error(std::move(message), ExitCode::usage) {}
};

/// The input data is wrong or unreadable (bad file, bad field, bad geometry). Exit code 1.
class DataError : public Error {
public:
    explicit DataError(std::string message, ErrorContext context = {})
        : Error(std::move(message), ExitCode::data, std::move(context)) {}
};

/// The store cannot be opened, created, read or written. Exit code 1.
class StoreError : public Error {
public:
    explicit StoreError(std::string message, ErrorContext context = {})
        : Error(std::move(message), ExitCode::data, std::move(context)) {}
};

} // namespace fibre
