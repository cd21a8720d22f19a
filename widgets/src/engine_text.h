// The engine's words as the GUI shows them: the op registry's categories, summaries and attribute
// help, the engine's messages and a run's states are English in core (the CLI prints them) and
// translated here.
#pragma once

#include <QString>
#include <QStringList>

#include <string>

#include "hlcnn/core/graph.h"

namespace hlcnn {

QString engineText(const std::string& english);   // the translation, or the English text
bool hasEngineText(const std::string& english);    // marked for translation (tests)

// An engine message (core's messages.h) in the user's language: its pattern translated, with its
// arguments (themselves translated when they are messages); English text of no pattern as it is.
QString engineMessage(const std::string& english);
QString issueText(const GraphIssue& issue);        // "node 'x': ..." translated
bool hasEngineMessage(const std::string& pattern); // marked for translation (tests)
QString runStateText(const std::string& state);    // "running", "completed", ... as shown
QStringList allRunStateTexts();                    // every state as shown (column widths)

}  // namespace hlcnn
