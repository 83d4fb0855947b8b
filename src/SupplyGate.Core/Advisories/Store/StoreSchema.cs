using Microsoft.Data.Sqlite;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>
/// The store's SQLite schema (DESIGN.md decision 4). Bump <see cref="Version"/> on any change: readers refuse
/// other versions with SG1011 instead of misreading them.
/// </summary>
internal static class StoreSchema
{
    public const int Version = 1;

    public const string MetaSchemaVersion = "schema_version";
    public const string MetaBuiltAt = "built_at";
    public const string MetaSampleLabel = "sample_label";

    /// <summary>
    /// Full advisories live as Brotli-compressed compact JSON in <c>advisories.json</c>; <c>affected</c> and
    /// <c>aliases</c> are the lookup indexes, stored as WITHOUT ROWID tables so the table is the index (the
    /// 50 MB budget for 100,000 records leaves no room for duplicate indexes). Rows of a replaced record are
    /// found from its old JSON, so no reverse index is needed. <c>name_key</c> is the lower-cased name (NuGet ids are case-insensitive; SQLite's
    /// lower() only folds ASCII, so the key is computed in C#).
    /// </summary>
    public const string Create = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE sources(
            name TEXT PRIMARY KEY, kind TEXT NOT NULL, location TEXT, updated_at TEXT NOT NULL,
            record_count INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE advisories(
            rowid INTEGER PRIMARY KEY, source TEXT NOT NULL, id TEXT NOT NULL, origin TEXT NOT NULL,
            modified TEXT, json BLOB NOT NULL, UNIQUE(source, id));
        CREATE TABLE affected(
            ecosystem TEXT NOT NULL, name_key TEXT NOT NULL, advisory INTEGER NOT NULL,
            PRIMARY KEY(ecosystem, name_key, advisory)) WITHOUT ROWID;
        CREATE TABLE aliases(alias TEXT NOT NULL, advisory INTEGER NOT NULL, PRIMARY KEY(alias, advisory)) WITHOUT ROWID;
        CREATE TABLE runtime_channels(
            channel TEXT PRIMARY KEY, support_phase TEXT NOT NULL, eol_date TEXT, latest_runtime TEXT NOT NULL,
            latest_release_date TEXT) WITHOUT ROWID;
        """;

    public static string NameKey(string name) => name.ToLowerInvariant();

    public static void CreateIn(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = Create;
        command.ExecuteNonQuery();
        SetMeta(connection, MetaSchemaVersion, Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static void SetMeta(SqliteConnection connection, string key, string? value)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = value is null
            ? "DELETE FROM meta WHERE key = $key"
            : "INSERT INTO meta(key, value) VALUES($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        if (value is not null)
        {
            command.Parameters.AddWithValue("$value", value);
        }

        command.ExecuteNonQuery();
    }

    public static string? GetMeta(SqliteConnection connection, string key)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }
}
