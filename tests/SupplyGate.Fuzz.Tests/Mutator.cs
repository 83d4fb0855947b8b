using System.Buffers.Binary;
using System.Text;

namespace SupplyGate.Fuzz.Tests;

/// <summary>
/// Deterministic byte-level mutations of a seed (the AFL/libFuzzer repertoire: bit flips, interesting bytes
/// and integers, deletions, insertions, splices from other seeds, dictionary tokens, value swaps after a
/// JSON/YAML colon, truncation). The same (seed index, count, random seed) always yields the same bytes, so
/// a run replays exactly from its seed.
/// </summary>
public static class Mutator
{
    /// <summary>Tokens that broke or stress parsers of text formats: type swaps, bad UTF-8, lone surrogates, YAML syntax.</summary>
    public static readonly IReadOnlyList<byte[]> CommonTokens =
    [
        .. new[]
        {
            "null", "true", "[]", "{}", "\"\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "1e400", "-1", "0.5",
            "9223372036854775808", "-9223372036854775809", "[[[[[[[[[[", "{\"\":", "\"pkg:\"", "\"sha256:\"", "\"@\"",
            " : s", ": [\ns", "&a [*a]", "*a", "!!binary", "<<: *x", "---\n", "? ", "- ", "|\n", "%YAML 1.1\n", "\t",
            "%00", "%zz", "../", "/..", "\\", "\n\n", "\r\n", "=", "#",
        }.Select(Encoding.UTF8.GetBytes),
        [0xff, 0xfe], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x00], [0xef, 0xbb, 0xbf],
    ];

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xc0, 0xed, (byte)'"', (byte)'{', (byte)'[', (byte)',', (byte)':', (byte)'\\', (byte)'\n', (byte)'0'];

    private static readonly int[] InterestingInts = [0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, int.MaxValue, int.MinValue, 0x10000, 512];

    private const int MaxLength = 1 << 20;

    public static byte[] Mutate(IReadOnlyList<byte[]> seeds, IReadOnlyList<byte[]> dictionary, int seedIndex, int count, ulong randomSeed)
    {
        var random = new Random(unchecked((int)(randomSeed ^ (randomSeed >> 32))));
        var data = new List<byte>(seeds[seedIndex % seeds.Count]);
        for (int i = 0; i < count; i++)
        {
            Apply(data, random, seeds, dictionary);
            if (data.Count > MaxLength)
            {
                data.RemoveRange(MaxLength, data.Count - MaxLength);
            }
        }

        return [.. data];
    }

    private static void Apply(List<byte> data, Random random, IReadOnlyList<byte[]> seeds, IReadOnlyList<byte[]> dictionary)
    {
        int at = data.Count == 0 ? 0 : random.Next(data.Count);
        switch (random.Next(12))
        {
            case 0 when data.Count > 0:
                data[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[at] = InterestingBytes[random.Next(InterestingBytes.Length)];
                break;
            case 2 when data.Count > 0:
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(64)));
                break;
            case 3:
                data.InsertRange(at, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256)));
                break;
            case 4 when data.Count > 0:
                int length = Math.Min(data.Count - at, 1 + random.Next(256));
                data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                break;
            case 5:
                byte[] other = seeds[random.Next(seeds.Count)];
                if (other.Length > 0)
                {
                    int from = random.Next(other.Length);
                    data.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + random.Next(512))).ToArray());
                }

                break;
            case 6 or 7:
                data.InsertRange(at, Token(random, dictionary));
                break;
            case 8:
                ReplaceValueAfterColon(data, random, Token(random, dictionary));
                break;
            case 9 when data.Count > 1:
                data.RemoveRange(at, data.Count - at);
                break;
            case 10 when data.Count >= 4:
                int word = Math.Min(at, data.Count - 4);
                byte[] value = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(value, InterestingInts[random.Next(InterestingInts.Length)]);
                for (int k = 0; k < 4; k++)
                {
                    data[word + k] = value[k];
                }

                break;
            default:
                ReplaceDigit(data, random);
                break;
        }
    }

    private static byte[] Token(Random random, IReadOnlyList<byte[]> dictionary)
    {
        int index = random.Next(CommonTokens.Count + dictionary.Count);
        return index < CommonTokens.Count ? CommonTokens[index] : dictionary[index - CommonTokens.Count];
    }

    // A type swap: the value after a random ':' (up to the next ',', '}' or newline) becomes the token.
    private static void ReplaceValueAfterColon(List<byte> data, Random random, byte[] token)
    {
        int start = data.IndexOf((byte)':', data.Count == 0 ? 0 : random.Next(data.Count));
        if (start < 0)
        {
            start = data.IndexOf((byte)':');
        }

        if (start < 0)
        {
            data.AddRange(token);
            return;
        }

        int end = start + 1;
        while (end < data.Count && data[end] is not ((byte)',' or (byte)'}' or (byte)'\n'))
        {
            end++;
        }

        data.RemoveRange(start + 1, end - start - 1);
        data.InsertRange(start + 1, token);
    }

    // Numbers carry lengths, sizes, counts and offsets: make one huge, negative or zero.
    private static void ReplaceDigit(List<byte> data, Random random)
    {
        int from = data.Count == 0 ? 0 : random.Next(data.Count);
        int at = data.FindIndex(from, b => b is >= (byte)'0' and <= (byte)'9');
        if (at < 0)
        {
            return;
        }

        string[] numbers = ["0", "-1", "99999999999999999999", "4294967296", "2147483648", "1e9", "-0"];
        data.RemoveAt(at);
        data.InsertRange(at, Encoding.ASCII.GetBytes(numbers[random.Next(numbers.Length)]));
    }
}
