using System.Buffers;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>
/// Writes a new store in one transaction. Records are appended to
/// chunks as they come; the index rows are collected in memory and inserted sorted at the end, so SQLite
/// appends to its b-trees instead of splitting pages at random. A record with the same (source, id) as an
/// earlier one replaces it: the earlier slot is left unreferenced and is dropped by the next import.
/// </summary>
internal sealed class StoreBatchWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteCommand _insertChunk;
    private readonly ArrayBufferWriter<byte> _records = new(StoreChunks.TargetBytes * 2);
    private readonly List<int> _lengths = [];
    private readonly Dictionary<(string Source, string Id), (long Record, string Origin)> _written = [];
    private readonly HashSet<long> _replaced = [];
    private readonly List<(long Key, long Record)> _affected = [];
    private readonly List<(long Key, long Record)> _aliases = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<Warning> _warnings = [];
    private long _chunk = 1;

    public StoreBatchWriter(SqliteConnection connection)
    {
        _connection = connection;
        _transaction = connection.BeginTransaction();
        _insertChunk = Command("INSERT INTO chunks(id, data) VALUES($id, $data)");
        _insertChunk.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        _insertChunk.Parameters.Add(new SqliteParameter { ParameterName = "$data" });
        _insertChunk.Prepare();
    }

    public int RecordsWritten { get; private set; }

    public IReadOnlyList<Warning> Warnings => _warnings;

    /// <summary>Writes one batch: its advisories (replacing any written earlier with the same source and id), runtime channels and source row.</summary>
    public void Write(ImportBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (Advisory advisory in batch.Advisories)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Add(advisory, batch.SourceName);
            RecordsWritten++;
        }

        _warnings.AddRange(batch.Warnings);
        foreach (RuntimeChannel channel in batch.RuntimeChannels)
        {
            WriteChannel(channel);
        }

        using SqliteCommand source = Command(
            """
            INSERT INTO sources(name, kind, location, updated_at, record_count) VALUES($name, $kind, $location, $updated, 0)
            ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, location = excluded.location, updated_at = excluded.updated_at
            """);
        source.Parameters.AddWithValue("$name", batch.SourceName);
        source.Parameters.AddWithValue("$kind", batch.Kind);
        source.Parameters.AddWithValue("$location", (object?)batch.Location ?? DBNull.Value);
        source.Parameters.AddWithValue("$updated", StoreDates.Format(batch.DataDate ?? now));
        source.ExecuteNonQuery();
    }

    /// <summary>Carries a source row over from the store being replaced; call before <see cref="Write"/>.</summary>
    public void KeepSource(StoreSourceRow row)
    {
        using SqliteCommand command = Command(
            "INSERT OR IGNORE INTO sources(name, kind, location, updated_at, record_count) VALUES($name, $kind, $location, $updated, 0)");
        command.Parameters.AddWithValue("$name", row.Name);
        command.Parameters.AddWithValue("$kind", row.Kind);
        command.Parameters.AddWithValue("$location", (object?)row.Location ?? DBNull.Value);
        command.Parameters.AddWithValue("$updated", row.UpdatedAt);
        command.ExecuteNonQuery();
    }

    /// <summary>Carries a runtime channel over from the store being replaced; call before <see cref="Write"/>.</summary>
    public void KeepChannel(RuntimeChannel channel) => WriteChannel(channel);

    /// <summary>Carries a record over from the store being replaced unless this import wrote one with its source and id.</summary>
    public void Keep(string origin, Advisory advisory)
    {
        if (!_written.ContainsKey((advisory.Source, advisory.Id)))
        {
            Add(advisory, origin);
        }
    }

    /// <summary>Writes the last chunk and the indexes, sets the per-source counts, stamps built_at and commits.</summary>
    public void Commit(DateTimeOffset builtAt, string? sampleLabel)
    {
        FlushChunk();
        int packages = InsertSorted("affected", _affected);
        InsertSorted("aliases", _aliases);
        using (SqliteCommand filter = Command("INSERT INTO filters(name, data) VALUES($name, $data)"))
        {
            filter.Parameters.AddWithValue("$name", StoreKeyFilter.PackagesName);
            filter.Parameters.AddWithValue("$data", StoreKeyFilter.Build(_affected.Select(a => a.Key), packages));
            filter.ExecuteNonQuery();
        }

        using (SqliteCommand reset = Command("UPDATE sources SET record_count = 0"))
        {
            reset.ExecuteNonQuery();
        }

        foreach ((string origin, int count) in _counts)
        {
            using SqliteCommand command = Command("UPDATE sources SET record_count = $count WHERE name = $name");
            command.Parameters.AddWithValue("$count", count);
            command.Parameters.AddWithValue("$name", origin);
            command.ExecuteNonQuery();
        }

        StoreSchema.SetMeta(_connection, StoreSchema.MetaBuiltAt, StoreDates.Format(builtAt));
        StoreSchema.SetMeta(_connection, StoreSchema.MetaSampleLabel, sampleLabel);
        _transaction.Commit();
    }

    public void Dispose()
    {
        _insertChunk.Dispose();
        _transaction.Dispose();
    }

    private void Add(Advisory advisory, string origin)
    {
        if (_written.TryGetValue((advisory.Source, advisory.Id), out (long Record, string Origin) earlier))
        {
            _replaced.Add(earlier.Record);
            _counts[earlier.Origin]--;
        }

        int before = _records.WrittenCount;
        StoredRecordCodec.Write(_records, origin, advisory);
        long record = StoreChunks.RecordNumber(_chunk, _lengths.Count);
        _lengths.Add(_records.WrittenCount - before);
        _written[(advisory.Source, advisory.Id)] = (record, origin);
        _counts[origin] = _counts.GetValueOrDefault(origin) + 1;
        foreach (AffectedPackage package in advisory.Affected)
        {
            _affected.Add((StoreSchema.PackageKey(package.Ecosystem, package.Name), record));
        }

        _aliases.Add((StoreSchema.AliasKey(advisory.Id), record));
        foreach (string alias in advisory.Aliases)
        {
            _aliases.Add((StoreSchema.AliasKey(alias), record));
        }

        if (_lengths.Count == StoreChunks.MaxRecords || _records.WrittenCount >= StoreChunks.TargetBytes)
        {
            FlushChunk();
        }
    }

    private void FlushChunk()
    {
        if (_lengths.Count == 0)
        {
            return;
        }

        _insertChunk.Parameters[0].Value = _chunk++;
        _insertChunk.Parameters[1].Value = StoreChunks.Compress(_records.WrittenSpan, _lengths);
        _insertChunk.ExecuteNonQuery();
        _records.ResetWrittenCount();
        _lengths.Clear();
    }

    /// <summary>Sorted, duplicates (a package listed twice in one record) and replaced records skipped; returns the distinct keys.</summary>
    private int InsertSorted(string table, List<(long Key, long Record)> rows)
    {
        rows.Sort();
        using SqliteCommand insert = Command($"INSERT INTO {table}(key, record) VALUES($key, $record)");
        SqliteParameter key = insert.Parameters.Add(new SqliteParameter { ParameterName = "$key" });
        SqliteParameter record = insert.Parameters.Add(new SqliteParameter { ParameterName = "$record" });
        insert.Prepare();
        (long Key, long Record) previous = (0, -1);
        int keys = 0;
        foreach ((long Key, long Record) row in rows)
        {
            if (row == previous || _replaced.Contains(row.Record))
            {
                continue;
            }

            key.Value = row.Key;
            record.Value = row.Record;
            insert.ExecuteNonQuery();
            keys += keys == 0 || row.Key != previous.Key ? 1 : 0;
            previous = row;
        }

        return keys;
    }

    private void WriteChannel(RuntimeChannel channel)
    {
        using SqliteCommand command = Command(
            """
            INSERT OR REPLACE INTO runtime_channels(channel, support_phase, eol_date, latest_runtime, latest_release_date)
            VALUES($channel, $phase, $eol, $latest, $date)
            """);
        command.Parameters.AddWithValue("$channel", channel.Channel);
        command.Parameters.AddWithValue("$phase", channel.SupportPhase);
        command.Parameters.AddWithValue("$eol", channel.EndOfLife is { } eol ? StoreDates.Format(eol) : DBNull.Value);
        command.Parameters.AddWithValue("$latest", channel.LatestRuntime);
        command.Parameters.AddWithValue("$date", channel.LatestReleaseDate is { } d ? StoreDates.Format(d) : DBNull.Value);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }
}

/// <summary>A <c>sources</c> row as stored, carried over by an import.</summary>
internal sealed record StoreSourceRow(string Name, string Kind, string? Location, string UpdatedAt);

/// <summary>Dates in the store are ISO 8601 text (UTC instants, plain dates), readable with the sqlite3 shell.</summary>
internal static class StoreDates
{
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Format(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseInstant(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateOnly? ParseDate(object? value) =>
        value is string s && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d) ? d : null;
}
