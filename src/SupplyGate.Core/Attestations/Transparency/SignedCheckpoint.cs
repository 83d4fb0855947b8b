using System.Globalization;
using System.Text;

namespace SupplyGate.Core.Attestations.Transparency;

/// <summary>
/// A transparency-log checkpoint: a signed note (https://github.com/C2SP/C2SP/blob/main/signed-note.md) whose text
/// is a tlog checkpoint (https://github.com/C2SP/C2SP/blob/main/tlog-checkpoint.md). The note body is
/// <c>origin\nsize\nbase64(rootHash)\n[extension lines\n]</c>, then a blank line, then one or more lines
/// <c>— name base64(keyHint[4] || signature)\n</c> (U+2014 EM DASH). Signatures are over the body bytes exactly, so
/// <see cref="Body"/> keeps them verbatim rather than being re-serialized from the parsed fields.
/// </summary>
public sealed record SignedCheckpoint(
    string Origin,
    long TreeSize,
    ReadOnlyMemory<byte> RootHash,
    ReadOnlyMemory<byte> Body,
    IReadOnlyList<NoteSignature> Signatures)
{
    private const string SignaturePrefix = "\u2014 ";

    /// <summary>Parses the note text; <see cref="FormatException"/> says what is wrong.</summary>
    public static SignedCheckpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // The body ends at the first blank line; its last newline belongs to the signed text.
        int split = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new FormatException("the checkpoint has no blank line separating the note body from its signatures");
        }

        string body = text[..(split + 1)];
        string[] lines = body[..^1].Split('\n');
        if (lines.Length < 3)
        {
            throw new FormatException("the checkpoint body needs an origin, a tree size and a root hash line");
        }

        if (lines[0].Length == 0)
        {
            throw new FormatException("the checkpoint origin line is empty");
        }

        // The size is an ASCII decimal with no sign or leading zeros (tlog-checkpoint.md).
        if (lines[1].Length == 0 || !lines[1].All(char.IsAsciiDigit) || (lines[1].Length > 1 && lines[1][0] == '0')
            || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
        {
            throw new FormatException($"the checkpoint tree size '{lines[1]}' is not a decimal number");
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            throw new FormatException("the checkpoint root hash line is not base64");
        }

        return new SignedCheckpoint(lines[0], size, root, Encoding.UTF8.GetBytes(body), ParseSignatures(text[(split + 2)..]));
    }

    private static List<NoteSignature> ParseSignatures(string block)
    {
        if (block.Length == 0)
        {
            throw new FormatException("the checkpoint carries no signature");
        }

        if (!block.EndsWith('\n'))
        {
            throw new FormatException("the checkpoint signature block does not end with a newline");
        }

        var signatures = new List<NoteSignature>();
        foreach (string line in block[..^1].Split('\n'))
        {
            if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
            {
                throw new FormatException("a checkpoint signature line does not start with an em dash and a space");
            }

            // The name may not contain spaces (signed-note.md), so the last space separates it from the signature.
            string rest = line[SignaturePrefix.Length..];
            int space = rest.LastIndexOf(' ');
            if (space <= 0)
            {
                throw new FormatException("a checkpoint signature line has no key name");
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(rest[(space + 1)..]);
            }
            catch (FormatException)
            {
                throw new FormatException("a checkpoint signature is not base64");
            }

            if (blob.Length < 5)
            {
                throw new FormatException("a checkpoint signature is shorter than its 4-byte key hint");
            }

            signatures.Add(new NoteSignature(rest[..space], blob.AsMemory(0, 4), blob.AsMemory(4)));
        }

        if (signatures.Count == 0)
        {
            throw new FormatException("the checkpoint carries no signature");
        }

        return signatures;
    }
}

/// <summary>One signature line of a signed note: the key's name, its 4-byte hint, and the signature proper.</summary>
public sealed record NoteSignature(string Name, ReadOnlyMemory<byte> KeyHint, ReadOnlyMemory<byte> Signature);
