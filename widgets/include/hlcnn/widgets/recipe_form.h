// The training recipe as a form, built from the recipe schema (core/recipe.h) the way the
// designer's inspector builds an op's attributes: one editor per field, by type (number, choice,
// switch), labelled, ranged and explained by the schema. The fields marked basic come first; the
// others sit under "More settings". Every field round-trips: recipe(setRecipe(c)) == c.
#pragma once

#include "hlcnn/core/recipe.h"

#include <QWidget>

#include <map>
#include <string>

class QFormLayout;
class QToolButton;

namespace hlcnn {

class RecipeForm : public QWidget {
    Q_OBJECT
public:
    explicit RecipeForm(QWidget* parent = nullptr);

    void setRecipe(const TrainConfig& config);  // every field; outDir is not a recipe field
    TrainConfig recipe() const;                 // the form's fields over the last setRecipe's config
    // One field by its schema name ("lr", "limit-train"); the editor's objectName is that name too.
    void setValue(const std::string& name, const std::string& text);
    std::string value(const std::string& name) const;
    QWidget* editor(const std::string& name) const;
    void setMoreShown(bool shown);

Q_SIGNALS:
    void fieldChanged(const QString& name);  // by the person or by setValue/setRecipe

private:
    QWidget* makeEditor(const RecipeField& field);

    TrainConfig base_;
    std::map<std::string, QWidget*> editors_;
    QToolButton* more_;
    QWidget* moreBox_;
};

}  // namespace hlcnn
