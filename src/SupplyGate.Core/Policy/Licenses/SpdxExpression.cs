namespace SupplyGate.Core.Policy.Licenses;

/// <summary>
/// A parsed SPDX license expression (SPDX 2.3 Annex D: https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/).
/// Precedence is <c>WITH</c> &gt; <c>AND</c> &gt; <c>OR</c>; operators are matched case-insensitively because
/// NuGet and nuspec authors write <c>mit or apache-2.0</c> as often as the canonical upper case.
/// </summary>
internal abstract record SpdxExpression
{
    /// <summary>Parses an expression; false with a reason when it is malformed.</summary>
    public static bool TryParse(string text, out SpdxExpression? expression, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new SpdxExpressionParser(text).TryParse(out expression, out error);
    }
}

/// <summary>
/// One license term: an SPDX id (<c>MIT</c>), optionally <c>+</c> ("or later"), a
/// <c>LicenseRef-…</c> or <c>DocumentRef-…:LicenseRef-…</c>, optionally <c>WITH</c> an exception.
/// </summary>
internal sealed record SpdxLicense(string Id, bool OrLater, string? Exception) : SpdxExpression
{
    public override string ToString() =>
        Id + (OrLater ? "+" : string.Empty) + (Exception is null ? string.Empty : " WITH " + Exception);
}

/// <summary><c>left AND right</c>: every term must be acceptable.</summary>
internal sealed record SpdxAnd(SpdxExpression Left, SpdxExpression Right) : SpdxExpression
{
    public override string ToString() => $"{Wrap(Left)} AND {Wrap(Right)}";

    private static string Wrap(SpdxExpression e) => e is SpdxOr ? $"({e})" : e.ToString();
}

/// <summary><c>left OR right</c>: the licensee may choose either.</summary>
internal sealed record SpdxOr(SpdxExpression Left, SpdxExpression Right) : SpdxExpression
{
    public override string ToString() => $"{Left} OR {Right}";
}

/// <summary>Recursive descent over the tokens; one instance per parse.</summary>
internal sealed class SpdxExpressionParser
{
    private readonly string _text;
    private readonly List<string> _tokens = [];
    private int _position;

    public SpdxExpressionParser(string text) => _text = text;

    public bool TryParse(out SpdxExpression? expression, out string? error)
    {
        expression = null;
        error = Tokenize();
        if (error is not null)
        {
            return false;
        }

        if (_tokens.Count == 0)
        {
            error = "the expression is empty";
            return false;
        }

        expression = ParseOr(out error);
        if (error is null && _position < _tokens.Count)
        {
            error = $"unexpected '{_tokens[_position]}'";
        }

        if (error is not null)
        {
            expression = null;
            return false;
        }

        return true;
    }

    private string? Tokenize()
    {
        int i = 0;
        while (i < _text.Length)
        {
            char c = _text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                _tokens.Add(c.ToString());
                i++;
            }
            else
            {
                int start = i;
                while (i < _text.Length && !char.IsWhiteSpace(_text[i]) && _text[i] is not '(' and not ')')
                {
                    i++;
                }

                _tokens.Add(_text[start..i]);
            }
        }

        return null;
    }

    private SpdxExpression? ParseOr(out string? error)
    {
        SpdxExpression? left = ParseAnd(out error);
        while (error is null && Peek("OR"))
        {
            _position++;
            SpdxExpression? right = ParseAnd(out error);
            left = error is null ? new SpdxOr(left!, right!) : null;
        }

        return left;
    }

    private SpdxExpression? ParseAnd(out string? error)
    {
        SpdxExpression? left = ParseTerm(out error);
        while (error is null && Peek("AND"))
        {
            _position++;
            SpdxExpression? right = ParseTerm(out error);
            left = error is null ? new SpdxAnd(left!, right!) : null;
        }

        return left;
    }

    private SpdxExpression? ParseTerm(out string? error)
    {
        if (_position >= _tokens.Count)
        {
            error = "the expression ends where a license was expected";
            return null;
        }

        string token = _tokens[_position++];
        if (token == "(")
        {
            SpdxExpression? inner = ParseOr(out error);
            if (error is not null)
            {
                return null;
            }

            if (_position >= _tokens.Count || _tokens[_position] != ")")
            {
                error = "missing ')'";
                return null;
            }

            _position++;
            return inner;
        }

        if (token == ")" || IsOperator(token))
        {
            error = $"unexpected '{token}' where a license was expected";
            return null;
        }

        bool orLater = token.EndsWith('+');
        string id = orLater ? token[..^1] : token;
        error = ValidateLicenseId(id);
        if (error is not null)
        {
            return null;
        }

        if (orLater && id.Contains("LicenseRef-", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'+' cannot follow a license reference ('{token}')";
            return null;
        }

        string? exception = null;
        if (Peek("WITH"))
        {
            _position++;
            exception = _position < _tokens.Count ? _tokens[_position++] : null;
            if (exception is null || !IsIdString(exception))
            {
                error = exception is null ? "WITH needs an exception id" : $"'{exception}' is not an exception id";
                return null;
            }
        }

        return new SpdxLicense(id, orLater, exception);
    }

    /// <summary><c>idstring</c> or <c>[DocumentRef-idstring:]LicenseRef-idstring</c> (Annex D).</summary>
    private static string? ValidateLicenseId(string id)
    {
        string[] parts = id.Split(':');
        if (parts.Length > 2)
        {
            return $"'{id}' has more than one ':'";
        }

        if (parts.Length == 2)
        {
            bool valid = parts[0].StartsWith("DocumentRef-", StringComparison.Ordinal) && IsIdString(parts[0]["DocumentRef-".Length..])
                && parts[1].StartsWith("LicenseRef-", StringComparison.Ordinal) && IsIdString(parts[1]["LicenseRef-".Length..]);
            return valid ? null : $"'{id}' is not DocumentRef-<id>:LicenseRef-<id>";
        }

        if (id.StartsWith("LicenseRef-", StringComparison.Ordinal) && !IsIdString(id["LicenseRef-".Length..]))
        {
            return $"'{id}' is not LicenseRef-<id>";
        }

        return IsIdString(id) ? null : $"'{id}' is not a license id (letters, digits, '.' and '-')";
    }

    private static bool IsIdString(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    private static bool IsOperator(string token) =>
        token.Equals("AND", StringComparison.OrdinalIgnoreCase)
        || token.Equals("OR", StringComparison.OrdinalIgnoreCase)
        || token.Equals("WITH", StringComparison.OrdinalIgnoreCase);

    private bool Peek(string keyword) =>
        _position < _tokens.Count && _tokens[_position].Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
