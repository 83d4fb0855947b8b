using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SupplyGate.Core.Advisories.DefaultData;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>
/// The SQLite advisory store, opened read-only (DESIGN.md decision 4). Lookups are indexed and cached per
/// package, so matching 5,000 components stays well under 200 ms (issue 3, Performance). Thread-safe: one
/// connection guarded by a lock, results cached.
/// </summary>
public sealed class AdvisoryStore : IAdvisoryStore
{
    private const string ImportHint = "run `supplygate db import <path|url>` to create it, or omit --db to use the built-in sample";

    private readonly SqliteConnection _connection;
    private readonly string _location;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Ecosystem, string Name), IReadOnlyList<Advisory>> _byPackage = [];
    private readonly Dictionary<long, Advisory> _byRow = [];
    private readonly SqliteCommand _findPackage;
    private readonly SqliteCommand _findAlias;

    private AdvisoryStore(SqliteConnection connection, string location)
    {
        _connection = connection;
        _location = location;
        _findPackage = Prepare(
            """
            SELECT a.rowid, a.json FROM affected f JOIN advisories a ON a.rowid = f.advisory
            WHERE f.ecosystem = $ecosystem AND f.name_key = $name
            """,
            "$ecosystem",
            "$name");
        _findAlias = Prepare(
            """
            SELECT a.rowid, a.json FROM aliases x JOIN advisories a ON a.rowid = x.advisory WHERE x.alias = $alias
            """,
            "$alias");
        Info = ReadInfo();
    }

    public StoreInfo Info { get; }

    /// <summary>Opens a store file read-only; SG1011 when it is missing, damaged or of another schema version.</summary>
    public static AdvisoryStore Open(string path)
    {
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new InvalidInputException(
                DiagnosticCode.StoreInvalid, $"{path}: no advisory store here; {ImportHint}.", path);
        }

        CheckHeader(fullPath, path);
        var connection = new SqliteConnection(
            new SqliteConnectionStringBuilder { DataSource = fullPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            connection.Open();
            CheckSchemaVersion(connection, path);
            return new AdvisoryStore(connection, fullPath);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw Damaged(path, ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The built-in sample (GHSA NuGet sample + .NET release metadata) in memory. Its BuiltAt is the data's own
    /// date, never the clock's, so freshness rules see how old the sample really is (issue 3, item 5).
    /// </summary>
    public static AdvisoryStore OpenDefault(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time); // Deliberately unused for dates: the sample is as old as its data.
        var connection = new SqliteConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            StoreSchema.CreateIn(connection);
            BuiltInSample sample = BuiltInSample.Load();
            AdvisoryStoreWriter.WriteBatches(
                connection, sample.Batches, sample.BuiltAt, sample.BuiltAt, sample.Label, CancellationToken.None);
            return new AdvisoryStore(connection, BuiltInSample.Location);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public IReadOnlyList<Advisory> FindByPackage(string ecosystem, string name)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        ArgumentNullException.ThrowIfNull(name);
        string key = StoreSchema.NameKey(name);
        lock (_gate)
        {
            if (!_byPackage.TryGetValue((ecosystem, key), out IReadOnlyList<Advisory>? found))
            {
                _findPackage.Parameters[0].Value = ecosystem;
                _findPackage.Parameters[1].Value = key;
                found = Read(_findPackage);
                _byPackage[(ecosystem, key)] = found;
            }

            // NuGet ids compare case-insensitively; other ecosystems' names are exact (IAdvisoryStore contract).
            bool exact = !string.Equals(ecosystem, Ecosystems.NuGet, StringComparison.Ordinal);
            return exact
                ? found.Where(a => a.Affected.Any(p => p.Ecosystem == ecosystem && p.Name == name)).ToArray()
                : found;
        }
    }

    public IReadOnlyList<Advisory> FindById(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            _findAlias.Parameters[0].Value = StoreBatchWriter.AliasKey(id);
            return Read(_findAlias);
        }
    }

    public RuntimeChannel? FindRuntimeChannel(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        lock (_gate)
        {
            return Guard(() =>
            {
                using SqliteCommand command = _connection.CreateCommand();
                command.CommandText = "SELECT channel, support_phase, eol_date, latest_runtime, latest_release_date FROM runtime_channels WHERE channel = $c";
                command.Parameters.AddWithValue("$c", channel);
                using SqliteDataReader reader = command.ExecuteReader();
                return reader.Read()
                    ? new RuntimeChannel(
                        reader.GetString(0),
                        reader.GetString(1),
                        StoreDates.ParseDate(reader.GetValue(2)),
                        reader.GetString(3),
                        StoreDates.ParseDate(reader.GetValue(4)))
                    : null;
            });
        }
    }

    /// <summary>How many .NET channels the store has release metadata for (for <c>db status</c>).</summary>
    public int RuntimeChannelCount()
    {
        lock (_gate)
        {
            return Guard(() =>
            {
                using SqliteCommand command = _connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM runtime_channels";
                return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            });
        }
    }

    public void Dispose()
    {
        _findPackage.Dispose();
        _findAlias.Dispose();
        _connection.Dispose();
    }

    private List<Advisory> Read(SqliteCommand command) => Guard(() =>
    {
        var result = new List<Advisory>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            long row = reader.GetInt64(0);
            if (!_byRow.TryGetValue(row, out Advisory? advisory))
            {
                advisory = StoredAdvisoryJson.Deserialize((byte[])reader.GetValue(1));
                _byRow[row] = advisory;
            }

            result.Add(advisory);
        }

        // The primary keys make rows unique; sort here instead of in SQL (no temp b-tree per lookup).
        result.Sort((x, y) => string.CompareOrdinal(x.Source + "\n" + x.Id, y.Source + "\n" + y.Id));
        return result;
    });

    private StoreInfo ReadInfo() => Guard(() =>
    {
        var sources = new List<StoreSourceInfo>();
        using (SqliteCommand command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT name, kind, updated_at, record_count FROM sources ORDER BY name";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                sources.Add(new StoreSourceInfo(
                    reader.GetString(0), reader.GetString(1), StoreDates.ParseInstant(reader.GetString(2)), reader.GetInt32(3)));
            }
        }

        string builtAt = StoreSchema.GetMeta(_connection, StoreSchema.MetaBuiltAt)
            ?? throw Damaged(_location, null, "it has no built_at metadata");
        return new StoreInfo
        {
            SchemaVersion = StoreSchema.Version,
            BuiltAt = StoreDates.ParseInstant(builtAt),
            Sources = sources,
            AdvisoryCount = sources.Sum(s => s.RecordCount),
            SampleLabel = StoreSchema.GetMeta(_connection, StoreSchema.MetaSampleLabel),
            Location = _location,
        };
    });

    private T Guard<T>(Func<T> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is SqliteException or JsonException or FormatException or InvalidCastException)
        {
            throw Damaged(_location, ex);
        }
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (string name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        try
        {
            command.Prepare();
        }
        catch (SqliteException ex)
        {
            command.Dispose();
            throw Damaged(_location, ex);
        }

        return command;
    }

    private static void CheckSchemaVersion(SqliteConnection connection, string path)
    {
        bool hasMeta;
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'";
            hasMeta = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
        }

        string? version = hasMeta ? StoreSchema.GetMeta(connection, StoreSchema.MetaSchemaVersion) : null;
        if (version != StoreSchema.Version.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidInputException(
                DiagnosticCode.StoreInvalid,
                $"{path}: not a SupplyGate advisory store of schema version {StoreSchema.Version} (found {version ?? "none"}); {ImportHint} into a new file.",
                path);
        }
    }

    /// <summary>
    /// A truncated file often opens fine and fails only on the missing pages; the header's page count and
    /// size say how long the file must be (sqlite.org/fileformat.html §1.3), so check that up front.
    /// </summary>
    private static void CheckHeader(string fullPath, string path)
    {
        Span<byte> header = stackalloc byte[100];
        long length;
        using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            length = stream.Length;
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
                || !header[..16].SequenceEqual("SQLite format 3\0"u8))
            {
                throw Damaged(path, null, "it is not an SQLite database (truncated or overwritten)");
            }
        }

        int pageSize = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        long pageSizeBytes = pageSize == 1 ? 65536 : pageSize;
        long pages = BinaryPrimitives.ReadUInt32BigEndian(header[28..]);
        if (pages > 0 && length < pages * pageSizeBytes)
        {
            throw Damaged(path, null, $"it is truncated ({length} bytes, the header says {pages * pageSizeBytes})");
        }
    }

    private static InvalidInputException Damaged(string path, Exception? inner, string? why = null) =>
        new(DiagnosticCode.StoreInvalid,
            $"{path}: the advisory store is damaged: {why ?? inner?.Message}; re-create it with `supplygate db import`.",
            path,
            inner);
}
