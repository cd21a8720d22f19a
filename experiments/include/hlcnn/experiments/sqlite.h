// A thin RAII layer over SQLite's C API: one connection per thread, prepared statements,
// immediate transactions, errors as exceptions naming the statement and the database.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace hlcnn::sql {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Statement;

class Database {
public:
    // Opens (creating when allowed) the file; waits up to busyTimeoutMs for other writers.
    Database(const std::string& path, bool create, int busyTimeoutMs = 30000);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const std::string& sql);          // one or more statements, no results
    Statement prepare(const std::string& sql);
    std::int64_t lastInsertId() const;
    int changes() const;
    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

class Statement {
public:
    Statement(Database& db, const std::string& sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binding is 1-based like SQLite's; returns *this for chaining.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, std::int64_t(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, const char* value) { return bind(index, std::string(value)); }
    Statement& bindNull(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    // Binds parameters 1..N in order.
    template <typename... T>
    Statement& bindAll(const T&... values) {
        int index = 0;
        (bind(++index, values), ...);
        return *this;
    }

    bool step();       // true while a row is available
    void run();        // step to completion, for statements without results
    void reset();

    bool isNull(int column) const;
    std::int64_t integer(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::optional<double> optionalReal(int column) const;
    std::optional<std::int64_t> optionalInteger(int column) const;

private:
    Database* db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back when not committed: writers take the lock up front so
// that a read-then-write transaction never fails half-way with SQLITE_BUSY.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace hlcnn::sql
