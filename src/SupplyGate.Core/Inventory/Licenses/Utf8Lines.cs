using System.Text;

namespace SupplyGate.Core.Inventory.Licenses;

/// <summary>
/// Splits a UTF-8 stream into its non-empty <c>\n</c>-separated lines (a byte order mark dropped), through a buffer
/// below the large object heap's threshold. A <see cref="StreamReader"/> would either build the whole text
/// (<c>ReadToEnd</c>) or rent a char array twice the longest line from the shared pool (<c>ReadLine</c>); both are
/// large-object-heap arrays for the license templates' long lines.
/// </summary>
internal static class Utf8Lines
{
    /// <summary>The initial buffer: 64 KiB, a small-object array; a longer line grows it.</summary>
    internal const int BufferSize = 64 * 1024;

    public static List<string> Read(Stream stream, int bufferSize = BufferSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var lines = new List<string>();
        byte[] buffer = new byte[bufferSize];
        int filled = 0;
        bool atStart = true;
        while (true)
        {
            if (filled == buffer.Length)
            {
                // One line fills the buffer: only then does it grow.
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            int read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            int start = 0;
            int newline;
            while ((newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n')) >= 0)
            {
                Add(lines, buffer.AsSpan(start, newline), ref atStart);
                start += newline + 1;
            }

            if (read == 0)
            {
                Add(lines, buffer.AsSpan(start, filled - start), ref atStart);
                return lines;
            }

            buffer.AsSpan(start, filled - start).CopyTo(buffer);
            filled -= start;
        }
    }

    private static void Add(List<string> lines, ReadOnlySpan<byte> line, ref bool atStart)
    {
        if (atStart)
        {
            // What StreamReader did with the resource: a byte order mark is not text.
            line = line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? line[3..] : line;
            atStart = false;
        }

        if (!line.IsEmpty)
        {
            lines.Add(Encoding.UTF8.GetString(line));
        }
    }
}
