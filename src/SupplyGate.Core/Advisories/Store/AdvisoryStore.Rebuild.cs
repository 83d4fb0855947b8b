using Microsoft.Data.Sqlite;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>
/// Whole-store reads for an import that rebuilds the store from this one (every live record, the metadata, the
/// source rows and the runtime channels), apart from the lookups a gate makes.
/// </summary>
public sealed partial class AdvisoryStore
{
    /// <summary>Every live record with its origin (the source row it counts for), for an import that rebuilds the store.</summary>
    internal IEnumerable<(string Origin, Advisory Advisory)> ReadAllRecords()
    {
        // A record is live when the index points at it (every record has its own id in aliases); slots of
        // records replaced within one import are not.
        List<long> records = Guard(() =>
        {
            var result = new List<long>();
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT record FROM aliases ORDER BY record";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                result.Add(reader.GetInt64(0));
            }

            return result;
        });
        DecodedChunk? chunk = null;
        long chunkId = 0;
        foreach (long record in records)
        {
            (long id, int slot) = StoreChunks.Split(record);
            if (chunk is null || id != chunkId)
            {
                (chunk, chunkId) = (Guard(() => Chunk(id, cache: false)), id);
            }

            yield return Guard(() => StoredRecordCodec.Read(chunk.Record(slot)));
        }
    }

    /// <summary>The metadata entries whose key starts with <paramref name="prefix"/>.</summary>
    internal IReadOnlyDictionary<string, string> ReadMeta(string prefix) => Guard(() =>
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT key, value FROM meta WHERE substr(key, 1, length($prefix)) = $prefix ORDER BY key";
        command.Parameters.AddWithValue("$prefix", prefix);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            values[reader.GetString(0)] = reader.GetString(1);
        }

        return values;
    });

    /// <summary>The <c>sources</c> rows as stored, for an import that rebuilds the store.</summary>
    internal IReadOnlyList<StoreSourceRow> ReadSourceRows() => Guard(() =>
    {
        var rows = new List<StoreSourceRow>();
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT name, kind, location, updated_at FROM sources ORDER BY name";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new StoreSourceRow(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)));
        }

        return rows;
    });

    /// <summary>All runtime channels, for an import that rebuilds the store.</summary>
    internal IReadOnlyList<RuntimeChannel> ReadRuntimeChannels()
    {
        List<string> names = Guard(() =>
        {
            var result = new List<string>();
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "SELECT channel FROM runtime_channels ORDER BY channel";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                result.Add(reader.GetString(0));
            }

            return result;
        });
        return [.. names.Select(name => FindRuntimeChannel(name)!)];
    }
}
