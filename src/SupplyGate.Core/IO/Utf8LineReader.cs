namespace SupplyGate.Core.IO;

/// <summary>
/// Reads a stream line by line as UTF-8 bytes (no UTF-16 copy, so a record costs its own size once), each line
/// at most <c>maxLineBytes</c>; a longer line is an <see cref="InvalidDataException"/> raised before it is buffered.
/// </summary>
internal sealed class Utf8LineReader(Stream stream, long maxLineBytes)
{
    private readonly byte[] _chunk = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next line without its "\n" (or "\r\n"), or null at the end.</summary>
    public byte[]? ReadLine()
    {
        MemoryStream? line = null;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = stream.Read(_chunk, 0, _chunk.Length);
                if (_end == 0)
                {
                    return line is null ? null : Trim(line.ToArray());
                }
            }

            int newline = Array.IndexOf(_chunk, (byte)'\n', _start, _end - _start);
            int stop = newline < 0 ? _end : newline;
            line ??= new MemoryStream();
            if (line.Length + (stop - _start) > maxLineBytes)
            {
                throw new InvalidDataException($"a line is longer than {InputLimits.Describe(maxLineBytes)}");
            }

            line.Write(_chunk, _start, stop - _start);
            _start = newline < 0 ? _end : newline + 1;
            if (newline >= 0)
            {
                return Trim(line.ToArray());
            }
        }
    }

    /// <summary>Everything not read yet.</summary>
    public byte[] ReadToEnd(long maxBytes)
    {
        using var rest = new MemoryStream();
        rest.Write(_chunk, _start, _end - _start);
        _start = _end;
        byte[] buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (rest.Length + read > maxBytes)
            {
                throw new InvalidDataException($"the document is longer than {InputLimits.Describe(maxBytes)}");
            }

            rest.Write(buffer, 0, read);
        }

        return rest.ToArray();
    }

    private static byte[] Trim(byte[] line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
