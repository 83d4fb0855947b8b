using System.Text.Json;
using SupplyGate.Core.Attestations.Json;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Statements;

/// <summary>
/// Writes and reads in-toto statements (docs/architecture.md spec 3). Writing always produces Statement v1 with lowercase hex
/// digests; reading accepts v1 and v0.1 and enforces what the spec makes required: <c>_type</c>, a non-empty
/// <c>subject</c> whose every element has a non-empty digest set, and <c>predicateType</c>.
/// </summary>
public static class InTotoStatementSerializer
{
    // Hash algorithms of the DigestSet (spec/v1/digest_set.md) whose values are hex and so are lowercased.
    private static readonly HashSet<string> HexAlgorithms = new(StringComparer.Ordinal)
    {
        "sha256", "sha224", "sha384", "sha512", "sha512_224", "sha512_256", "sha3_224", "sha3_256", "sha3_384",
        "sha3_512", "shake128", "shake256", "blake2b", "blake2s", "ripemd160", "sm3", "gost", "sha1", "md5",
        "gitCommit", "gitTree", "gitBlob", "gitTag",
    };

    /// <summary>The statement as compact UTF-8 JSON: the exact bytes that become the DSSE payload.</summary>
    public static byte[] Write(InTotoStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.Type is not InTotoStatement.StatementV1)
        {
            throw new ArgumentException($"SupplyGate writes only {InTotoStatement.StatementV1}.", nameof(statement));
        }

        Validate(statement.Subjects, statement.PredicateType, (m) => new ArgumentException(m, nameof(statement)));
        var json = new StatementJson
        {
            Type = statement.Type,
            Subject = statement.Subjects.Select(s => new SubjectJson
            {
                Name = s.Name,
                Digest = s.Digest.ToDictionary(
                    d => d.Key,
                    d => HexAlgorithms.Contains(d.Key) ? d.Value.ToLowerInvariant() : d.Value,
                    StringComparer.Ordinal),
            }).ToList(),
            PredicateType = statement.PredicateType,
            Predicate = statement.Predicate,
        };
        return JsonSerializer.SerializeToUtf8Bytes(json, AttestationJsonContext.Default.StatementJson);
    }

    /// <summary>Reads a statement from the exact bytes whose signature was verified (docs/architecture.md spec 4).</summary>
    public static InTotoStatement Read(ReadOnlySpan<byte> utf8Json)
    {
        StatementJson? json;
        try
        {
            json = JsonSerializer.Deserialize(utf8Json, AttestationJsonContext.Default.StatementJson);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException(DiagnosticCode.AttestationMalformed, $"The in-toto statement is not valid JSON: {ex.Message}", null, ex);
        }

        if (json is null)
        {
            throw Malformed("the statement is null");
        }

        if (json.Type is not (InTotoStatement.StatementV1 or InTotoStatement.StatementV01))
        {
            throw Malformed($"unknown _type '{json.Type}' (expected {InTotoStatement.StatementV1} or {InTotoStatement.StatementV01})");
        }

        var subjects = new List<StatementSubject>();
        foreach (SubjectJson? subject in json.Subject ?? [])
        {
            if (subject?.Digest is null)
            {
                throw Malformed("a subject has no digest");
            }

            if (subject.Digest.FirstOrDefault(d => d.Value is null) is { Key: { } nullAlgorithm })
            {
                throw Malformed($"subject '{subject.Name}' digest {nullAlgorithm} is null");
            }

            subjects.Add(new StatementSubject(
                subject.Name,
                subject.Digest.ToDictionary(
                    d => d.Key,
                    d => HexAlgorithms.Contains(d.Key) ? d.Value.ToLowerInvariant() : d.Value,
                    StringComparer.Ordinal)));
        }

        Validate(subjects, json.PredicateType, Malformed);
        JsonElement? predicate = json.Predicate is { ValueKind: not JsonValueKind.Null } p ? p.Clone() : null;
        if (predicate is { } element && FirstUnreadableText(element) is { } where)
        {
            // The predicate is kept as raw JSON; a string that cannot become text (invalid UTF-8, a lone
            // surrogate escape) would only fail later, in whoever reads it.
            throw Malformed($"the predicate has a string that is not valid Unicode text at {where}");
        }

        return new InTotoStatement(subjects, json.PredicateType!, predicate, json.Type);
    }

    private static string? FirstUnreadableText(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => element.GetString()) ? null : path;
            case JsonValueKind.Array:
                int index = 0;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (FirstUnreadableText(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (!Readable(() => property.Name))
                    {
                        return $"{path} (a member name)";
                    }

                    if (FirstUnreadableText(property.Value, $"{path}.{property.Name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool Readable(Func<string?> read)
    {
        try
        {
            _ = read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Validate(IReadOnlyList<StatementSubject> subjects, string? predicateType, Func<string, Exception> fail)
    {
        if (subjects is null || subjects.Count == 0)
        {
            throw fail("subject must be a non-empty list");
        }

        foreach (StatementSubject subject in subjects)
        {
            if (subject.Digest.Count == 0)
            {
                throw fail($"subject '{subject.Name}' has an empty digest set");
            }

            foreach ((string algorithm, string value) in subject.Digest)
            {
                if (string.IsNullOrEmpty(value) || (HexAlgorithms.Contains(algorithm) && !IsHex(value)))
                {
                    throw fail($"subject '{subject.Name}' digest {algorithm} is not hex");
                }
            }
        }

        if (string.IsNullOrEmpty(predicateType))
        {
            throw fail("predicateType is missing");
        }
    }

    private static bool IsHex(string value) => value.Length % 2 == 0 && value.All(char.IsAsciiHexDigit);

    private static InvalidInputException Malformed(string reason) =>
        new(DiagnosticCode.AttestationMalformed, $"The in-toto statement is malformed: {reason}.");
}
