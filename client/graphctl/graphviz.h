// Drawing link charts with Graphviz: graphctl hands the server's DOT export to the `dot`
// program (Debian package graphviz), which must be on $PATH.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace casegraph {

enum class ImageType { SVG, PNG };

// The image type a file name asks for by its ending, ".svg" or ".png" (any case); nullopt for
// anything else.
std::optional<ImageType> imageTypeOf(std::string_view fileName);

// The first executable `program` in the ':'-separated directories of `searchPath` (the value
// of $PATH; an empty entry means the current directory). nullopt when there is none.
std::optional<std::string> findOnPath(std::string_view program, std::string_view searchPath);

// Runs `dotProgram -T<type> -o file` with `dotText` on its standard input; dot's messages go
// to this process's standard error. Throws CommandError when dot cannot be started or fails.
void renderDot(const std::string& dotProgram, std::string_view dotText, ImageType type,
               const std::string& file);

}  // namespace casegraph
