<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>hlcnn::MainWindow</name>
    <message>
        <source>HL-CNN Workbench</source>
        <translation>HL-CNN Workbench</translation>
    </message>
    <message>
        <source>Architecture zoo</source>
        <translation>Architektur-Zoo</translation>
    </message>
    <message>
        <source>Pick a model from the zoo, or open a graph file.</source>
        <translation>Wählen Sie ein Modell aus dem Zoo oder öffnen Sie eine Graph-Datei.</translation>
    </message>
    <message>
        <source>%1: %2 layers profiled</source>
        <translation>%1: %2 Schichten profiliert</translation>
    </message>
    <message>
        <source>Invalid graph: %1</source>
        <translation>Ungültiger Graph: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open graph...</source>
        <translation>Graph ö&amp;ffnen ...</translation>
    </message>
    <message>
        <source>&amp;Export table...</source>
        <translation>Tabelle &amp;exportieren ...</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>Ü&amp;ber</translation>
    </message>
    <message>
        <source>About HL-CNN Workbench</source>
        <translation>Über HL-CNN Workbench</translation>
    </message>
    <message>
        <source>&lt;b&gt;HL-CNN Workbench&lt;/b&gt;&lt;br&gt;Design, profile and compare lightweight CNNs.&lt;br&gt;MACs are multiply-accumulates of conv and linear layers; FLOPs = 2 x MACs.&lt;br&gt;Licensed under the GPL, version 3 or later.</source>
        <translation>&lt;b&gt;HL-CNN Workbench&lt;/b&gt;&lt;br&gt;Leichtgewichtige CNNs entwerfen, profilieren und vergleichen.&lt;br&gt;MACs sind Multiplikations-Additionen der Faltungs- und linearen Schichten; FLOPs = 2 x MACs.&lt;br&gt;Lizenziert unter der GPL, Version 3 oder neuer.</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Cannot build %1: %2</source>
        <translation>%1 kann nicht erstellt werden: %2</translation>
    </message>
    <message>
        <source>Cannot open graph</source>
        <translation>Graph kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Open graph</source>
        <translation>Graph öffnen</translation>
    </message>
    <message>
        <source>HL-CNN graphs (*.hlcnn.json *.json)</source>
        <translation>HL-CNN-Graphen (*.hlcnn.json *.json)</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>Tabelle exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv);;Markdown (*.md);;LaTeX (*.tex)</source>
        <translation>CSV (*.csv);;Markdown (*.md);;LaTeX (*.tex)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
</context>
<context>
    <name>hlcnn::ModelBrowser</name>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>ImageNet (224x224)</source>
        <translation>ImageNet (224x224)</translation>
    </message>
    <message>
        <source>CIFAR (32x32)</source>
        <translation>CIFAR (32x32)</translation>
    </message>
    <message>
        <source>Stem:</source>
        <translation>Eingangsstufe:</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>Klassen:</translation>
    </message>
    <message>
        <source>Width:</source>
        <translation>Breite:</translation>
    </message>
</context>
<context>
    <name>hlcnn::ProfileTableModel</name>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Output (CxHxW)</source>
        <translation>Ausgabe (CxHxW)</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MACs</translation>
    </message>
    <message>
        <source>MAC share</source>
        <translation>MAC-Anteil</translation>
    </message>
    <message>
        <source>Other ops</source>
        <translation>Weitere Op.</translation>
    </message>
    <message>
        <source>Activations (KiB)</source>
        <translation>Aktivierungen (KiB)</translation>
    </message>
    <message>
        <source>FLOP/byte</source>
        <translation>FLOP/Byte</translation>
    </message>
</context>
<context>
    <name>hlcnn::ProfileView</name>
    <message>
        <source>Blocks (top-level nodes)</source>
        <translation>Blöcke (oberste Knoten)</translation>
    </message>
    <message>
        <source>Layers (primitives)</source>
        <translation>Schichten (Primitive)</translation>
    </message>
    <message>
        <source>Rows:</source>
        <translation>Zeilen:</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;mdash; analysing...</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &amp;mdash; wird analysiert ...</translation>
    </message>
    <message>
        <source>&lt;b&gt;Invalid graph&lt;/b&gt;</source>
        <translation>&lt;b&gt;Ungültiger Graph&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;mdash; input %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &amp;mdash; Eingabe %2</translation>
    </message>
    <message>
        <source>Params %1 (%2 M)  |  MACs %3 (%4 M)  |  FLOPs (2 x MACs) %5 M + %6 M other ops  |  peak activations %7 KiB  |  size %8 MB fp32, %9 MB int8</source>
        <translation>Parameter %1 (%2 M)  |  MACs %3 (%4 M)  |  FLOPs (2 x MACs) %5 M + %6 M weitere Op.  |  Spitze Aktivierungen %7 KiB  |  Größe %8 MB fp32, %9 MB int8</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Design, profile and compare lightweight CNNs.</source>
        <translation>Leichtgewichtige CNNs entwerfen, profilieren und vergleichen.</translation>
    </message>
    <message>
        <source>Open this zoo model.</source>
        <translation>Dieses Zoo-Modell öffnen.</translation>
    </message>
    <message>
        <source>A .hlcnn.json graph to open.</source>
        <translation>Eine zu öffnende .hlcnn.json-Graph-Datei.</translation>
    </message>
</context>
</TS>
