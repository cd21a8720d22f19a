#include "store_access.h"

#include "hlcnn/experiments/sqlite.h"

namespace hlcnn::cli {

std::string databasePath(const Arguments& args) { return args.value("db", ExperimentStore::defaultPath()); }

std::unique_ptr<ExperimentStore> openStore(const Arguments& args, bool create) {
    try {
        return std::make_unique<ExperimentStore>(databasePath(args), create);
    } catch (const StoreError& e) {
        throw UsageError(e.what());
    } catch (const sql::Error& e) {
        throw UsageError(e.what());
    }
}

std::int64_t runId(const std::string& text) {
    std::size_t used = 0;
    long long v = 0;
    try {
        v = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || v <= 0) throw UsageError("'" + text + "' is not a run id (a positive integer)");
    return v;
}

}  // namespace hlcnn::cli
