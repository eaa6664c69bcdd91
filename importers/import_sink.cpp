#include "importers/import_sink.hpp"

#include "engine/store/provenance.hpp"

#include <nlohmann/json.hpp>

namespace fibre::importers {

ImportSink::ImportSink(store::Database& db, long long import_run, std::string source_path, bool strict)
    : db_(db), import_run_(import_run), source_(std::move(source_path)), strict_(strict),
      writer_(db, import_run) {}

namespace {

model::Reject make_reject(long long run, const std::string& source, const std::string& layer,
                          const std::string& feature_id, const std::string& field, const std::string& reason,
                          const char* action) {
    model::Reject r;
    r.import_run = run;
    r.source = source;
    r.layer = layer;
    r.feature_id = feature_id;
    r.field = field;
    r.reason = reason;
    r.action = action;
    return r;
}

} // namespace

void ImportSink::reject(const std::string& layer, const std::string& feature_id, const std::string& field,
                        const std::string& reason) {
    if (strict_) {
        // The caller's transaction is left uncommitted: nothing of the import is written.
        ErrorContext where = ErrorContext::in_file(source_);
        where.layer = layer;
        where.feature = feature_id;
        where.field = field;
        throw DataError(reason, where);
    }
    ++counts_[layer].rejected;
    store::add_reject(db_, make_reject(import_run_, source_, layer, feature_id, field, reason, "rejected"));
}

void ImportSink::reject_record(const DataError& problem) {
    if (strict_) {
        throw problem;
    }
    const auto& where = problem.context();
    read(where.layer);
    reject(where.layer, where.feature, where.field, problem.reason());
}

void ImportSink::repaired(const std::string& layer, const std::string& feature_id, const std::string& field,
                          const std::string& reason) {
    ++counts_[layer].repaired;
    store::add_reject(db_, make_reject(import_run_, source_, layer, feature_id, field, reason, "repaired"));
}

void ImportSink::kept(const std::string& layer, const std::string& feature_id, const std::string& field,
                      const std::string& reason) {
    ++counts_[layer].kept;
    store::add_reject(db_, make_reject(import_run_, source_, layer, feature_id, field, reason, "kept"));
}

std::string ImportSink::counts_json() const {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& [layer, c] : counts_) {
        j[layer] = {{"read", c.read},
                    {"imported", c.imported},
                    {"repaired", c.repaired},
                    {"rejected", c.rejected},
                    {"kept", c.kept}};
    }
    // A layer is named by its file, which may hold any bytes: replace what is not UTF-8 rather
    // than throw nlohmann's type_error out of the import.
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

long long ImportSink::total_rejected() const {
    long long n = 0;
    for (const auto& [layer, c] : counts_) {
        n += c.rejected;
    }
    return n;
}

} // namespace fibre::importers
