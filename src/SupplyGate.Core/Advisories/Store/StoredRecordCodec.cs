using System.Buffers;
using System.Text;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>
/// The compact binary form of one stored advisory inside a chunk (<see cref="StoreChunks"/>): varint counts
/// and lengths, UTF-8 strings, dates as UTC ticks plus offset. It holds exactly what matching and the reports
/// read; <see cref="Advisory.Details"/> is left out (no consumer, and it was over half of every record).
/// Decoding is a forward scan without reflection or JSON, a few microseconds per record.
/// </summary>
internal static class StoredRecordCodec
{
    public static void Write(IBufferWriter<byte> output, string origin, Advisory advisory)
    {
        var w = new Writer(output);
        w.String(origin);
        w.String(advisory.Source);
        w.String(advisory.Id);
        w.NullableString(advisory.Summary);
        w.Date(advisory.Published);
        w.Date(advisory.Modified);
        w.Date(advisory.Withdrawn);
        w.Strings(advisory.Aliases);
        w.Count(advisory.Scores.Count);
        foreach (SeverityScore score in advisory.Scores)
        {
            w.String(score.Type);
            w.String(score.Score);
        }

        w.NullableString(advisory.DatabaseSeverity);
        w.Strings(advisory.References);
        w.Count(advisory.Affected.Count);
        foreach (AffectedPackage package in advisory.Affected)
        {
            w.String(package.Ecosystem);
            w.String(package.Name);
            w.Count(package.Ranges.Count);
            foreach (AffectedRange range in package.Ranges)
            {
                w.String(range.Type);
                w.Count(range.Events.Count);
                foreach (RangeEvent e in range.Events)
                {
                    w.Count((int)e.Kind);
                    w.String(e.Version);
                }
            }

            w.Strings(package.Versions);
            w.Strings(package.NativeRanges);
            w.NullableString(package.LastKnownAffectedVersionRange);
            w.NullableString(package.Severity);
        }
    }

    /// <summary>Decodes one record; <see cref="InvalidDataException"/> when the bytes are not a record.</summary>
    public static (string Origin, Advisory Advisory) Read(ReadOnlySpan<byte> record)
    {
        var r = new Reader(record);
        string origin = r.String();
        string source = r.String();
        string id = r.String();
        string? summary = r.NullableString();
        DateTimeOffset? published = r.Date();
        DateTimeOffset? modified = r.Date();
        DateTimeOffset? withdrawn = r.Date();
        string[] aliases = r.Strings();
        var scores = new SeverityScore[r.Count()];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = new SeverityScore(r.String(), r.String());
        }

        string? databaseSeverity = r.NullableString();
        string[] references = r.Strings();
        var affected = new AffectedPackage[r.Count()];
        for (int i = 0; i < affected.Length; i++)
        {
            string ecosystem = r.String();
            string name = r.String();
            var ranges = new AffectedRange[r.Count()];
            for (int j = 0; j < ranges.Length; j++)
            {
                string type = r.String();
                var events = new RangeEvent[r.Count()];
                for (int k = 0; k < events.Length; k++)
                {
                    int kind = r.Count();
                    events[k] = new RangeEvent(
                        kind <= (int)RangeEventKind.Limit ? (RangeEventKind)kind : throw Invalid("unknown range event kind"), r.String());
                }

                ranges[j] = new AffectedRange(type, events);
            }

            affected[i] = new AffectedPackage
            {
                Ecosystem = ecosystem,
                Name = name,
                Ranges = ranges,
                Versions = r.Strings(),
                NativeRanges = r.Strings(),
                LastKnownAffectedVersionRange = r.NullableString(),
                Severity = r.NullableString(),
            };
        }

        if (!r.AtEnd)
        {
            throw Invalid("trailing bytes after the record");
        }

        return (origin, new Advisory
        {
            Id = id,
            Source = source,
            Summary = summary,
            Published = published,
            Modified = modified,
            Withdrawn = withdrawn,
            Aliases = aliases,
            Scores = scores,
            DatabaseSeverity = databaseSeverity,
            References = references,
            Affected = affected,
        });
    }

    private static InvalidDataException Invalid(string why) => new($"stored advisory record is damaged: {why}");

    private readonly ref struct Writer(IBufferWriter<byte> output)
    {
        private readonly IBufferWriter<byte> _output = output;

        public void Count(int value) => VarInt((ulong)value);

        public void String(string value)
        {
            int length = Encoding.UTF8.GetByteCount(value);
            VarInt((ulong)length);
            Encoding.UTF8.GetBytes(value, _output.GetSpan(length));
            _output.Advance(length);
        }

        /// <summary>Length + 1, so 0 can mean null.</summary>
        public void NullableString(string? value)
        {
            if (value is null)
            {
                VarInt(0);
                return;
            }

            int length = Encoding.UTF8.GetByteCount(value);
            VarInt((ulong)length + 1);
            Encoding.UTF8.GetBytes(value, _output.GetSpan(length));
            _output.Advance(length);
        }

        public void Strings(IReadOnlyList<string> values)
        {
            Count(values.Count);
            foreach (string value in values)
            {
                String(value);
            }
        }

        /// <summary>UTC ticks + 1 (0 = null), then the offset in minutes, zigzagged: round-trips any DateTimeOffset.</summary>
        public void Date(DateTimeOffset? value)
        {
            if (value is not { } date)
            {
                VarInt(0);
                return;
            }

            VarInt((ulong)date.UtcTicks + 1);
            long offset = (long)date.Offset.TotalMinutes;
            VarInt((ulong)((offset << 1) ^ (offset >> 63)));
        }

        private void VarInt(ulong value)
        {
            Span<byte> span = _output.GetSpan(10);
            int i = 0;
            while (value >= 0x80)
            {
                span[i++] = (byte)(value | 0x80);
                value >>= 7;
            }

            span[i++] = (byte)value;
            _output.Advance(i);
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool AtEnd => _position == _data.Length;

        public int Count()
        {
            ulong value = VarInt();
            return value <= (ulong)(_data.Length - _position) + 16 ? (int)value : throw Invalid("count out of range");
        }

        public string String() => Text(VarInt());

        public string? NullableString()
        {
            ulong length = VarInt();
            return length == 0 ? null : Text(length - 1);
        }

        public string[] Strings()
        {
            int count = Count();
            if (count == 0)
            {
                return [];
            }

            var values = new string[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = String();
            }

            return values;
        }

        public DateTimeOffset? Date()
        {
            ulong ticks = VarInt();
            if (ticks == 0)
            {
                return null;
            }

            ulong zigzag = VarInt();
            long minutes = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
            if (ticks - 1 > (ulong)DateTime.MaxValue.Ticks || Math.Abs(minutes) > 14 * 60)
            {
                throw Invalid("date out of range");
            }

            var offset = TimeSpan.FromMinutes(minutes);
            return new DateTimeOffset((long)(ticks - 1) + offset.Ticks, offset);
        }

        private string Text(ulong length)
        {
            if (length > (ulong)(_data.Length - _position))
            {
                throw Invalid("string runs past the end");
            }

            string value = Encoding.UTF8.GetString(_data.Slice(_position, (int)length));
            _position += (int)length;
            return value;
        }

        private ulong VarInt()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_position >= _data.Length)
                {
                    throw Invalid("record ends early");
                }

                byte b = _data[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw Invalid("varint too long");
        }
    }
}
