// The op registry's words as the GUI shows them: categories, op summaries and attribute help are
// English in core (the CLI prints them too) and translated here for the palette and inspector.
#pragma once

#include <QString>

#include <string>

namespace hlcnn {

QString engineText(const std::string& english);   // the translation, or the English text
bool hasEngineText(const std::string& english);    // marked for translation (tests)

}  // namespace hlcnn
