using System.Globalization;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Policy;

/// <summary>
/// Typed access to a policy's <see cref="PolicyNode"/> tree (from YAML or a preset's built-in tree) where every failure names the file, line and column:
/// <c>policy.yaml:12:14: 'dney' is not an action (expected deny, warn or off)</c>. Policy authors fix a
/// file by its position, so a message without one is a bug.
/// </summary>
internal sealed class PolicyYamlReader(string source)
{
    public string Source { get; } = source;

    public static bool IsNull(PolicyNode? node) =>
        node is null || (node is { Kind: PolicyNodeKind.Scalar, Plain: true } s
            && (s.Value is null or "" or "~" or "null" or "Null" or "NULL"));

    public InvalidInputException Error(PolicyNode node, string what, string expected) => Error(node.Line, node.Column, what, expected);

    public InvalidInputException Error(long line, long column, string what, string? expected)
    {
        string detail = what + (expected is null ? string.Empty : $" (expected {expected})");
        return new(DiagnosticCode.PolicyInvalid, $"{Source}:{line}:{column}: {detail}", Source)
        {
            Line = checked((int)line),
            Column = checked((int)column),
            Detail = detail,
        };
    }

    /// <summary>Errors recorded so parsing could go on (<see cref="Collect{T}"/>); the parser throws them together at the end.</summary>
    public List<InvalidInputException> Collected { get; } = [];

    /// <summary>
    /// Runs one independent part of the document; on an error records it and returns <paramref name="fallback"/>,
    /// so one pass reports every broken part (a policy author fixes them all at once).
    /// </summary>
    public T Collect<T>(Func<T> parse, T fallback)
    {
        try
        {
            return parse();
        }
        catch (InvalidInputException ex) when (ex.Code == DiagnosticCode.PolicyInvalid)
        {
            Collected.Add(ex);
            return fallback;
        }
    }

    /// <summary>Throws the first collected error carrying the others, if any.</summary>
    public void ThrowCollected()
    {
        if (Collected.Count == 0)
        {
            return;
        }

        InvalidInputException[] ordered = [.. Collected.OrderBy(e => e.Line).ThenBy(e => e.Column)];
        InvalidInputException first = ordered[0];
        string more = ordered.Length == 1 ? string.Empty : $" (and {ordered.Length - 1} more error{(ordered.Length == 2 ? string.Empty : "s")}: run 'supplygate policy lint' to see them all)";
        throw new InvalidInputException(first.Code, first.Message + more, first.Path)
        {
            Line = first.Line,
            Column = first.Column,
            Detail = first.Detail,
            More = ordered[1..],
        };
    }

    /// <summary>The mapping, with every key checked against <paramref name="allowed"/> and duplicates rejected.</summary>
    public IReadOnlyDictionary<string, PolicyNode> Mapping(PolicyNode node, string path, IReadOnlyList<string> allowed)
    {
        if (node.Kind != PolicyNodeKind.Mapping)
        {
            throw Error(node, $"{Describe(path)} is {Kind(node)}", "a mapping of " + string.Join(", ", allowed));
        }

        var result = new Dictionary<string, PolicyNode>(StringComparer.Ordinal);
        foreach ((PolicyNode keyNode, PolicyNode value) in node.Entries)
        {
            string key = keyNode is { Kind: PolicyNodeKind.Scalar, Value: { } k } ? k : throw Error(keyNode, "a key is not a plain name", "a string key");
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                // Recorded, not thrown: the other keys are still checked.
                Collected.Add(Error(keyNode, $"unknown key '{key}' in {Describe(path)}", "one of " + string.Join(", ", allowed)));
                continue;
            }

            if (!result.TryAdd(key, value))
            {
                throw Error(keyNode, $"duplicate key '{key}' in {Describe(path)}", "each key once");
            }
        }

        return result;
    }

    public IReadOnlyList<PolicyNode> Sequence(PolicyNode node, string path)
    {
        if (IsNull(node))
        {
            return [];
        }

        return node.Kind == PolicyNodeKind.Sequence
            ? node.Items
            : throw Error(node, $"'{path}' is {Kind(node)}", "a list");
    }

    public string String(PolicyNode node, string path)
    {
        if (node is not { Kind: PolicyNodeKind.Scalar, Value: { } value } || IsNull(node))
        {
            throw Error(node, $"'{path}' is {Kind(node)}", "a string");
        }

        return value;
    }

    /// <summary>A non-blank string; <paramref name="what"/> explains what it should say.</summary>
    public string RequiredText(IReadOnlyDictionary<string, PolicyNode> map, PolicyNode owner, string key, string path, string what)
    {
        if (!map.TryGetValue(key, out PolicyNode? node) || IsNull(node))
        {
            throw Error(owner, $"'{path}' has no '{key}'", what);
        }

        string value = String(node, $"{path}.{key}");
        return string.IsNullOrWhiteSpace(value) ? throw Error(node, $"'{path}.{key}' is blank", what) : value;
    }

    public IReadOnlyList<string> StringList(PolicyNode node, string path) =>
        Sequence(node, path).Select((item, i) => String(item, $"{path}[{i}]")).ToArray();

    public bool Boolean(PolicyNode node, string path) => node switch
    {
        { Kind: PolicyNodeKind.Scalar, Plain: true, Value: "true" } => true,
        { Kind: PolicyNodeKind.Scalar, Plain: true, Value: "false" } => false,
        _ => throw Error(node, $"'{path}' is {Kind(node)}", "true or false"),
    };

    public RuleAction Action(PolicyNode node, string path, bool allowOff = true)
    {
        string expected = allowOff ? "deny, warn or off" : "deny or warn";
        string value = node is { Kind: PolicyNodeKind.Scalar, Value: { } v } && !IsNull(node) ? v : throw Error(node, $"'{path}' is {Kind(node)}", expected);
        return value switch
        {
            "deny" => RuleAction.Deny,
            "warn" => RuleAction.Warn,
            "off" when allowOff => RuleAction.Off,
            "off" => throw Error(node, $"'{path}' cannot be off: missing or stale data must never pass silently", expected),
            _ => throw Error(node, $"'{value}' is not an action for '{path}'", expected),
        };
    }

    /// <summary>
    /// <c>spec.advisories.unfixed.*</c>: warn, info or off. Not deny: the knob only lowers a warn, and a deny of
    /// an unfixed finding is the severity's own action.
    /// </summary>
    public RuleAction UnfixedAction(PolicyNode node, string path)
    {
        const string Expected = "warn, info or off";
        string value = node is { Kind: PolicyNodeKind.Scalar, Value: { } v } && !IsNull(node) ? v : throw Error(node, $"'{path}' is {Kind(node)}", Expected);
        return value switch
        {
            "warn" => RuleAction.Warn,
            "info" => RuleAction.Info,
            "off" => RuleAction.Off,
            "deny" => throw Error(node, $"'{path}' cannot be deny: it only lowers a warn; deny an unfixed finding by its severity (spec.advisories.critical …)", Expected),
            _ => throw Error(node, $"'{value}' is not an action for '{path}'", Expected),
        };
    }

    /// <summary>A whole number ≥ 1, written plainly (<c>90</c>, not <c>"90"</c> or <c>9e1</c>).</summary>
    public int PositiveInteger(PolicyNode node, string path)
    {
        const string Expected = "a whole number of at least 1, e.g. 90";
        return node is { Kind: PolicyNodeKind.Scalar, Plain: true, Value: { } v }
            && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1
            ? n
            : throw Error(node, $"'{path}' is {Kind(node)}", Expected);
    }

    public DateOnly Date(PolicyNode node, string path)
    {
        string value = String(node, path);
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            ? date
            : throw Error(node, $"'{value}' is not a date for '{path}'", "a date yyyy-mm-dd, e.g. 2026-12-31");
    }

    /// <summary><c>7d</c>, <c>48h</c>: a positive whole number of days or hours.</summary>
    public TimeSpan Duration(PolicyNode node, string path)
    {
        string value = String(node, path);
        return PolicyDuration.TryParse(value, out TimeSpan duration)
            ? duration
            : throw Error(node, $"'{value}' is not a duration for '{path}'", $"a positive number of days or hours up to {PolicyDuration.MaxDays}d, e.g. 7d or 48h");
    }

    private static string Describe(string path) => path.Length == 0 ? "the document" : $"'{path}'";

    private static string Kind(PolicyNode node) => node switch
    {
        _ when IsNull(node) => "empty",
        { Kind: PolicyNodeKind.Mapping } => "a mapping",
        { Kind: PolicyNodeKind.Sequence } => "a list",
        _ => $"'{node.Value}'",
    };
}

/// <summary>Durations as written in policies: <c>&lt;n&gt;d</c> or <c>&lt;n&gt;h</c>.</summary>
internal static class PolicyDuration
{
    public const int MaxDays = 36_500;

    public static bool TryParse(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = default;
        // Bounded so TimeSpan cannot overflow (99999999d threw ArgumentOutOfRangeException, found by fuzzing);
        // a century is longer than any data age or grace period a policy means.
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            || n <= 0 || n > (text[^1] == 'h' ? MaxDays * 24 : MaxDays))
        {
            return false;
        }

        switch (text[^1])
        {
            case 'd':
                duration = TimeSpan.FromDays(n);
                return true;
            case 'h':
                duration = TimeSpan.FromHours(n);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The shortest exact form: whole days as <c>d</c>, else hours.</summary>
    public static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerDay == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)duration.TotalDays}d")
            : string.Create(CultureInfo.InvariantCulture, $"{(long)duration.TotalHours}h");
}
