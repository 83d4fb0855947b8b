using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>
/// The store's SQLite schema (docs/architecture.md decision 4). Bump <see cref="Version"/> on any change: readers refuse
/// other versions with SG1011 instead of misreading them.
/// </summary>
internal static class StoreSchema
{
    /// <summary>2: records in Brotli chunks (no <c>details</c>), hashed index keys, key filter. 1: one Brotli JSON row per record.</summary>
    public const int Version = 2;

    public const string MetaSchemaVersion = "schema_version";
    public const string MetaBuiltAt = "built_at";
    public const string MetaSampleLabel = "sample_label";

    /// <summary>Meta keys <c>source_state:&lt;source&gt;</c>: what an update remembers per source (ETag, digest, URL).</summary>
    public const string SourceStatePrefix = "source_state:";

    /// <summary>
    /// Records live in <c>chunks</c> (<see cref="StoreChunks"/>). <c>affected</c> and <c>aliases</c> are the
    /// lookup indexes, WITHOUT ROWID so the table is the index, keyed by a 64-bit hash of the lookup text
    /// (<see cref="PackageKey"/>, <see cref="AliasKey"/>): 8 bytes instead of ~35 per row, which is what fits
    /// 100,000 records in the 50 MB budget. A hash can collide, so readers re-check
    /// every hit against the decoded record; the index only ever narrows the search. <c>filters</c> holds
    /// <see cref="StoreKeyFilter"/>, which answers most package lookups without touching the index.
    /// </summary>
    public const string Create = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE sources(
            name TEXT PRIMARY KEY, kind TEXT NOT NULL, location TEXT, updated_at TEXT NOT NULL,
            record_count INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE chunks(id INTEGER PRIMARY KEY, data BLOB NOT NULL);
        CREATE TABLE affected(key INTEGER NOT NULL, record INTEGER NOT NULL, PRIMARY KEY(key, record)) WITHOUT ROWID;
        CREATE TABLE aliases(key INTEGER NOT NULL, record INTEGER NOT NULL, PRIMARY KEY(key, record)) WITHOUT ROWID;
        CREATE TABLE filters(name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE runtime_channels(
            channel TEXT PRIMARY KEY, support_phase TEXT NOT NULL, eol_date TEXT, latest_runtime TEXT NOT NULL,
            latest_release_date TEXT) WITHOUT ROWID;
        """;

    /// <summary>NuGet ids are case-insensitive; SQLite's lower() only folds ASCII, so the key is computed in C#.</summary>
    public static string NameKey(string name) => name.ToLowerInvariant();

    /// <summary>The <c>affected.key</c> of a package: ecosystem (exact) and lower-cased name.</summary>
    public static long PackageKey(string ecosystem, string name) => Hash(ecosystem, NameKey(name));

    /// <summary>The <c>aliases.key</c> of an id or alias: trimmed and upper-cased (CVE/GHSA ids are case-insensitive).</summary>
    public static long AliasKey(string id) => Hash(AliasText(id), null);

    public static string AliasText(string id) => id.Trim().ToUpperInvariant();

    public static void CreateIn(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = Create;
        command.ExecuteNonQuery();
        SetMeta(connection, MetaSchemaVersion, Version.ToString(CultureInfo.InvariantCulture));
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

    /// <summary>
    /// 64-bit FNV-1a over the UTF-8 bytes of <paramref name="first"/>, a 0 byte, and <paramref name="second"/>:
    /// stable across processes and platforms (string.GetHashCode is randomized per process).
    /// </summary>
    private static long Hash(string first, string? second)
    {
        const ulong Prime = 0x100000001B3;
        ulong hash = 0xCBF29CE484222325;
        Span<byte> buffer = stackalloc byte[256];
        foreach (string? part in (ReadOnlySpan<string?>)[first, second])
        {
            if (part is null)
            {
                continue;
            }

            int max = Encoding.UTF8.GetMaxByteCount(part.Length);
            Span<byte> bytes = max <= buffer.Length ? buffer : new byte[max];
            int length = Encoding.UTF8.GetBytes(part, bytes);
            foreach (byte b in bytes[..length])
            {
                hash = (hash ^ b) * Prime;
            }

            hash *= Prime; // The separator byte 0: ("ab", "c") and ("a", "bc") hash differently.
        }

        return unchecked((long)hash);
    }
}
