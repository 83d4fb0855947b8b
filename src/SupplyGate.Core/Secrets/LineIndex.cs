namespace SupplyGate.Core.Secrets;

/// <summary>Character offset → 1-based line and column, by binary search over the line starts.</summary>
internal sealed class LineIndex
{
    private readonly List<int> _lineStarts = [0];

    public LineIndex(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            // "\r\n" and lone "\n" end a line; a lone "\r" (classic Mac) too.
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public (int Line, int Column) Position(int offset)
    {
        int index = _lineStarts.BinarySearch(offset);
        int line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }
}
