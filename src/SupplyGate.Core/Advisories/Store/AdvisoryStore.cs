using System.Globalization;
using Microsoft.Data.Sqlite;
using SupplyGate.Core.Advisories.DefaultData;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>
/// The SQLite advisory store, opened read-only (docs/architecture.md decision 4). A lookup is one index seek on a hashed
/// key, then the few chunks holding the hits are decompressed and only the wanted records decoded; records
/// and chunks are cached, so matching 5,000 components stays well under 200 ms.
/// Thread-safe: one connection guarded by a lock.
/// </summary>
public sealed partial class AdvisoryStore : IAdvisoryStore
{
    internal const string ImportHint = "run `supplygate db import <path|url>` to create it, or omit --db to use the built-in sample";

    /// <summary>Decompressed chunks kept; a 5,000-component SBOM touches a few hundred.</summary>
    private const int ChunkCacheSize = 1024;

    private readonly SqliteConnection _connection;
    private readonly string _location;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Ecosystem, string Name), Advisory[]> _byPackage = [];
    private readonly Dictionary<long, Advisory> _byRecord = [];
    private readonly Dictionary<long, DecodedChunk> _chunks = [];
    private readonly SqliteCommand _findPackage;
    private readonly SqliteCommand _findAlias;
    private readonly SqliteCommand _readChunk;
    private StoreKeyFilter? _packageFilter;
    private bool _packageFilterRead;

    private AdvisoryStore(SqliteConnection connection, string location)
    {
        _connection = connection;
        _location = location;
        _findPackage = Prepare("SELECT record FROM affected WHERE key = $key", "$key");
        _findAlias = Prepare("SELECT record FROM aliases WHERE key = $key", "$key");
        _readChunk = Prepare("SELECT data FROM chunks WHERE id = $id", "$id");
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

        return OpenFile(fullPath, path, fullPath);
    }

    /// <summary>
    /// The built-in sample (GHSA NuGet sample + .NET release metadata) in memory. Its BuiltAt is the data's own
    /// date, never the clock's, so freshness rules see how old the sample really is.
    /// </summary>
    public static AdvisoryStore OpenDefault(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time); // Deliberately unused for dates: the sample is as old as its data.
        var connection = SqliteConnections.Create("Data Source=:memory:");
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
            if (!_byPackage.TryGetValue((ecosystem, key), out Advisory[]? found))
            {
                // The hashed key can collide: keep only records that really list this package.
                long packageKey = StoreSchema.PackageKey(ecosystem, name);
                found = PackageFilter()?.MayContain(packageKey) == false
                    ? []
                    : Find(_findPackage, packageKey, a => Lists(a, ecosystem, key, null));
                _byPackage[(ecosystem, key)] = found;
            }

            // NuGet ids compare case-insensitively; other ecosystems' names are exact (IAdvisoryStore contract).
            return found.Length == 0 || string.Equals(ecosystem, Ecosystems.NuGet, StringComparison.Ordinal)
                ? found
                : Array.FindAll(found, a => Lists(a, ecosystem, key, name));
        }
    }

    public IReadOnlyList<Advisory> FindById(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        string text = StoreSchema.AliasText(id);
        lock (_gate)
        {
            return Find(_findAlias, StoreSchema.AliasKey(id), a =>
                StoreSchema.AliasText(a.Id) == text || a.Aliases.Any(x => StoreSchema.AliasText(x) == text));
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
        _readChunk.Dispose();
        _connection.Dispose();
    }

    private static bool Lists(Advisory advisory, string ecosystem, string key, string? exactName)
    {
        foreach (AffectedPackage package in advisory.Affected)
        {
            if (string.Equals(package.Ecosystem, ecosystem, StringComparison.Ordinal)
                && (exactName is null ? StoreSchema.NameKey(package.Name) == key : package.Name == exactName))
            {
                return true;
            }
        }

        return false;
    }

    private Advisory[] Find(SqliteCommand command, long key, Func<Advisory, bool> really) => Guard<Advisory[]>(() =>
    {
        command.Parameters[0].Value = key;
        List<long>? records = null;
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                (records ??= []).Add(reader.GetInt64(0));
            }
        }

        if (records is null)
        {
            return [];
        }

        var result = new List<Advisory>(records.Count);
        foreach (long record in records)
        {
            if (!_byRecord.TryGetValue(record, out Advisory? advisory))
            {
                (long chunk, int slot) = StoreChunks.Split(record);
                advisory = StoredRecordCodec.Read(Chunk(chunk, cache: true).Record(slot)).Advisory;
                _byRecord[record] = advisory;
            }

            if (really(advisory))
            {
                result.Add(advisory);
            }
        }

        // Sort here instead of in SQL (no temp b-tree per lookup); the writer keeps (source, id) unique.
        result.Sort(static (x, y) => string.CompareOrdinal(x.Source, y.Source) is var c and not 0 ? c : string.CompareOrdinal(x.Id, y.Id));
        return [.. result];
    });

    private StoreKeyFilter? PackageFilter()
    {
        if (!_packageFilterRead)
        {
            _packageFilter = Guard(() =>
            {
                using SqliteCommand command = _connection.CreateCommand();
                command.CommandText = "SELECT data FROM filters WHERE name = $name";
                command.Parameters.AddWithValue("$name", StoreKeyFilter.PackagesName);
                return command.ExecuteScalar() is byte[] stored ? StoreKeyFilter.Read(stored) : null;
            });
            _packageFilterRead = true;
        }

        return _packageFilter;
    }

    private DecodedChunk Chunk(long id, bool cache)
    {
        if (_chunks.TryGetValue(id, out DecodedChunk? chunk))
        {
            return chunk;
        }

        _readChunk.Parameters[0].Value = id;
        using (SqliteDataReader reader = _readChunk.ExecuteReader())
        {
            chunk = reader.Read()
                ? StoreChunks.Decompress((byte[])reader.GetValue(0))
                : throw new InvalidDataException($"the index points at chunk {id}, which is missing");
        }

        if (cache)
        {
            if (_chunks.Count >= ChunkCacheSize)
            {
                _chunks.Clear(); // Crude but bounded; the decoded records stay cached in _byRecord.
            }

            _chunks[id] = chunk;
        }

        return chunk;
    }

    private StoreInfo ReadInfo() => Guard(() =>
    {
        var sources = new List<StoreSourceInfo>();
        using (SqliteCommand command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT name, kind, updated_at, record_count, location FROM sources ORDER BY name";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                sources.Add(new StoreSourceInfo(
                    reader.GetString(0), reader.GetString(1), StoreDates.ParseInstant(reader.GetString(2)), reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        string builtAt = StoreSchema.GetMeta(_connection, StoreSchema.MetaBuiltAt)
            ?? throw StoreFileChecks.Damaged(_location, null, "it has no built_at metadata");
        DateTimeOffset built = StoreDates.ParseInstant(builtAt);
        return new StoreInfo
        {
            SchemaVersion = StoreSchema.Version,
            BuiltAt = built,
            ConfirmedAt = File.Exists(_location) ? Sources.StoreCheck.ConfirmedCurrentAt(_location, built) : null,
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
        catch (Exception ex) when (ex is SqliteException or InvalidDataException or FormatException or InvalidCastException)
        {
            throw StoreFileChecks.Damaged(_location, ex);
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
            throw StoreFileChecks.Damaged(_location, ex);
        }

        return command;
    }
}
