namespace Turtle.Collector.Linux;

/// <summary>Orders names with numbers the way people count: <c>hwmon2</c> before <c>hwmon10</c>, <c>sda</c> after <c>mtdblock1</c>.</summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var xStart = i;
                var yStart = j;
                while (i < x.Length && char.IsAsciiDigit(x[i]))
                {
                    i++;
                }

                while (j < y.Length && char.IsAsciiDigit(y[j]))
                {
                    j++;
                }

                // Equal-length digit runs compare as text; otherwise the shorter (leading zeros aside) is smaller.
                var xDigits = x.AsSpan(xStart, i - xStart).TrimStart('0');
                var yDigits = y.AsSpan(yStart, j - yStart).TrimStart('0');
                var byNumber = xDigits.Length != yDigits.Length ? xDigits.Length.CompareTo(yDigits.Length) : xDigits.SequenceCompareTo(yDigits);
                if (byNumber != 0)
                {
                    return byNumber;
                }
            }
            else
            {
                var byChar = x[i].CompareTo(y[j]);
                if (byChar != 0)
                {
                    return byChar;
                }

                i++;
                j++;
            }
        }

        return (x.Length - i).CompareTo(y.Length - j);
    }
}
