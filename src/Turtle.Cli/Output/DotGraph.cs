using System.Text;
using Turtle.Cli.Api;
using Turtle.Twin.Twins;

namespace Turtle.Cli.Output;

/// <summary>
/// The relationship graph in Graphviz DOT (<c>graph --format dot | dot -Tsvg</c>): DCs as folders, hosts as boxes,
/// processes as ellipses, coloured by status; containment solid, processes dotted, links dashed with their status.
/// </summary>
public static class DotGraph
{
    public static string Render(FleetGraph graph)
    {
        var dot = new StringBuilder();
        dot.AppendLine("digraph fleet {");
        dot.AppendLine("  rankdir=LR;");
        dot.AppendLine("  node [fontname=\"Helvetica\", style=filled, fillcolor=white];");
        foreach (var node in graph.Nodes)
        {
            var shape = node.Kind switch { GraphNodeKind.Dc => "folder", GraphNodeKind.Host => "box", _ => "ellipse" };
            dot.AppendLine($"  {Id(node.Id)} [label={Id(node.Label)}, shape={shape}, color={Colour(node.Status)}, tooltip={Id($"{node.Kind} {node.Id}: {node.Status}")}];");
        }

        foreach (var edge in graph.Edges)
        {
            var attributes = edge.Kind switch
            {
                GraphEdgeKind.Contains => "style=solid",
                GraphEdgeKind.Runs => "style=dotted, arrowhead=none",
                _ => $"style=dashed, color={Colour(edge.Status)}, label={Id(edge.Status ?? "")}",
            };
            dot.AppendLine($"  {Id(edge.From)} -> {Id(edge.To)} [{attributes}];");
        }

        dot.AppendLine("}");
        return dot.ToString();
    }

    /// <summary>A DOT quoted ID: keys hold '/', '@' and '-', so every ID is quoted, with '"' and '\' escaped.</summary>
    private static string Id(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Colour(string? status) => status switch
    {
        "Ok" or "Up" or "Running" => "darkgreen",
        "Warning" or "Degraded" => "orange",
        "Critical" or "Down" => "red",
        "LostContact" => "magenta",
        _ => "grey",
    };
}
