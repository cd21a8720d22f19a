<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CompareFigures</name>
    <message>
        <source>Training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>Validierungsverlust</translation>
    </message>
    <message>
        <source>Training top-1 (%)</source>
        <translation>Trainings-Top-1 (%)</translation>
    </message>
    <message>
        <source>Validation top-1 (%)</source>
        <translation>Validierungs-Top-1 (%)</translation>
    </message>
    <message>
        <source>MACs (millions)</source>
        <translation>MACs (Millionen)</translation>
    </message>
    <message>
        <source>Parameters (millions)</source>
        <translation>Parameter (Millionen)</translation>
    </message>
    <message>
        <source>Measured latency (ms)</source>
        <translation>Gemessene Latenz (ms)</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Top-1 accuracy</source>
        <translation>Top-1-Genauigkeit</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>Loss (solid: validation, dashed: training)</source>
        <translation>Verlust (durchgezogen: Validierung, gestrichelt: Training)</translation>
    </message>
    <message>
        <source>(mean ± std)</source>
        <translation>(Mittelwert ± Std.-Abw.)</translation>
    </message>
    <message>
        <source>Accuracy against cost</source>
        <translation>Genauigkeit gegen Kosten</translation>
    </message>
    <message>
        <source>Best validation top-1 (%)</source>
        <translation>Beste Validierungs-Top-1 (%)</translation>
    </message>
    <message>
        <source>Pareto front</source>
        <translation>Pareto-Front</translation>
    </message>
    <message>
        <source>On-device latency (ms)</source>
        <translation>Latenz auf dem Gerät (ms)</translation>
    </message>
</context>
<context>
    <name>EngineMessage</name>
    <message>
        <source>input must be [C, H, W]</source>
        <translation>die Eingabe muss [C, H, W] sein</translation>
    </message>
    <message>
        <source>input dimensions must be between 1 and %1, got %2</source>
        <translation>die Eingabegrößen müssen zwischen 1 und %1 liegen, erhalten %2</translation>
    </message>
    <message>
        <source>input %1 is too large</source>
        <translation>die Eingabe %1 ist zu groß</translation>
    </message>
    <message>
        <source>invalid node id (use letters, digits, &apos;_&apos; and &apos;.&apos;; &quot;input&quot; is reserved)</source>
        <translation>ungültige Knoten-ID (Buchstaben, Ziffern, &apos;_&apos; und &apos;.&apos; verwenden; &quot;input&quot; ist reserviert)</translation>
    </message>
    <message>
        <source>duplicate node id</source>
        <translation>doppelte Knoten-ID</translation>
    </message>
    <message>
        <source>unknown op &apos;%1&apos;</source>
        <translation>unbekannte Operation &apos;%1&apos;</translation>
    </message>
    <message>
        <source>op &apos;%1&apos; takes at least %2 input(s), got %3</source>
        <translation>Operation &apos;%1&apos; nimmt mindestens %2 Eingabe(n), erhalten %3</translation>
    </message>
    <message>
        <source>op &apos;%1&apos; takes %2 to %3 input(s), got %4</source>
        <translation>Operation &apos;%1&apos; nimmt %2 bis %3 Eingabe(n), erhalten %4</translation>
    </message>
    <message>
        <source>op &apos;%1&apos; takes %2 input(s), got %3</source>
        <translation>Operation &apos;%1&apos; nimmt %2 Eingabe(n), erhalten %3</translation>
    </message>
    <message>
        <source>input &apos;%1&apos; does not exist</source>
        <translation>die Eingabe &apos;%1&apos; existiert nicht</translation>
    </message>
    <message>
        <source>the graph has no outputs</source>
        <translation>der Graph hat keine Ausgaben</translation>
    </message>
    <message>
        <source>output &apos;%1&apos; is not a node</source>
        <translation>die Ausgabe &apos;%1&apos; ist kein Knoten</translation>
    </message>
    <message>
        <source>part of a cycle (nodes left unordered: %1)</source>
        <translation>Teil eines Zyklus (nicht ordenbare Knoten: %1)</translation>
    </message>
    <message>
        <source>unknown attribute &apos;%1&apos; for op &apos;%2&apos;</source>
        <translation>unbekanntes Attribut &apos;%1&apos; für Operation &apos;%2&apos;</translation>
    </message>
    <message>
        <source>missing required attribute &apos;%1&apos;</source>
        <translation>erforderliches Attribut &apos;%1&apos; fehlt</translation>
    </message>
    <message>
        <source>attribute &apos;%1&apos; must be an integer, got %2</source>
        <translation>Attribut &apos;%1&apos; muss eine ganze Zahl sein, erhalten %2</translation>
    </message>
    <message>
        <source>attribute &apos;%1&apos; must be a number, got %2</source>
        <translation>Attribut &apos;%1&apos; muss eine Zahl sein, erhalten %2</translation>
    </message>
    <message>
        <source>attribute &apos;%1&apos; = %2 is out of range [%3, %4]</source>
        <translation>Attribut &apos;%1&apos; = %2 liegt außerhalb von [%3, %4]</translation>
    </message>
    <message>
        <source>attribute &apos;%1&apos; must be true or false</source>
        <translation>Attribut &apos;%1&apos; muss wahr oder falsch sein</translation>
    </message>
    <message>
        <source>attribute &apos;%1&apos; must be a string</source>
        <translation>Attribut &apos;%1&apos; muss ein Text sein</translation>
    </message>
    <message>
        <source>attribute &apos;%1&apos; = &quot;%2&quot; is not one of: %3</source>
        <translation>Attribut &apos;%1&apos; = &quot;%2&quot; ist keiner der Werte: %3</translation>
    </message>
    <message>
        <source>expects a feature map CxHxW as input %1, got %2 (a flattened vector)</source>
        <translation>erwartet eine Merkmalskarte CxHxW als Eingabe %1, erhalten %2 (ein flacher Vektor)</translation>
    </message>
    <message>
        <source>groups = %1 does not divide the %2 input channels</source>
        <translation>groups = %1 teilt die %2 Eingangskanäle nicht</translation>
    </message>
    <message>
        <source>groups = %1 does not divide out_channels = %2</source>
        <translation>groups = %1 teilt out_channels = %2 nicht</translation>
    </message>
    <message>
        <source>spatial size collapses to 0: input %1, kernel %2, stride %3, padding %4</source>
        <translation>die räumliche Größe schrumpft auf 0: Eingabe %1, Kernel %2, Schrittweite %3, Padding %4</translation>
    </message>
    <message>
        <source>spatial size collapses to 0: input %1, kernel %2</source>
        <translation>die räumliche Größe schrumpft auf 0: Eingabe %1, Kernel %2</translation>
    </message>
    <message>
        <source>padding must be at most half the kernel size</source>
        <translation>das Padding darf höchstens die halbe Kernelgröße sein</translation>
    </message>
    <message>
        <source>expects two feature maps CxHxW, got %1 and %2</source>
        <translation>erwartet zwei Merkmalskarten CxHxW, erhalten %1 und %2</translation>
    </message>
    <message>
        <source>channel mismatch: F1 has %1 channels, F2 has %2 (enable resample to project F2)</source>
        <translation>Kanäle passen nicht: F1 hat %1 Kanäle, F2 hat %2 (resample einschalten, um F2 zu projizieren)</translation>
    </message>
    <message>
        <source>spatial mismatch: F1 %1 vs F2 %2 (enable resample)</source>
        <translation>räumliche Größen passen nicht: F1 %1 gegen F2 %2 (resample einschalten)</translation>
    </message>
    <message>
        <source>expects a flattened vector, got %1 (insert a flatten node)</source>
        <translation>erwartet einen flachen Vektor, erhalten %1 (einen flatten-Knoten einfügen)</translation>
    </message>
    <message>
        <source>shape mismatch: input 0 is %1, input %2 is %3</source>
        <translation>Formen passen nicht: Eingabe 0 ist %1, Eingabe %2 ist %3</translation>
    </message>
    <message>
        <source>spatial mismatch: input 0 is %1, input %2 is %3</source>
        <translation>räumliche Größen passen nicht: Eingabe 0 ist %1, Eingabe %2 ist %3</translation>
    </message>
    <message>
        <source>groups = %1 does not divide %2 channels</source>
        <translation>groups = %1 teilt %2 Kanäle nicht</translation>
    </message>
    <message>
        <source>%1 parts do not divide %2 channels</source>
        <translation>%1 Teile teilen %2 Kanäle nicht</translation>
    </message>
    <message>
        <source>index must be smaller than parts</source>
        <translation>index muss kleiner als parts sein</translation>
    </message>
    <message>
        <source>stride-2 unit needs out_channels &gt; input channels (%1)</source>
        <translation>eine Einheit mit Schrittweite 2 braucht out_channels &gt; Eingangskanäle (%1)</translation>
    </message>
    <message>
        <source>out_channels must be even</source>
        <translation>out_channels muss gerade sein</translation>
    </message>
    <message>
        <source>a stride-1 unit needs input channels == out_channels (%1 vs %2)</source>
        <translation>eine Einheit mit Schrittweite 1 braucht Eingangskanäle == out_channels (%1 gegen %2)</translation>
    </message>
    <message>
        <source>out_channels must be a multiple of ratio</source>
        <translation>out_channels muss ein Vielfaches von ratio sein</translation>
    </message>
    <message>
        <source>the model takes %1 images, the data are %2</source>
        <translation>das Modell nimmt Bilder %1, die Daten sind %2</translation>
    </message>
    <message>
        <source>the model outputs %1 values, the data have %2 classes</source>
        <translation>das Modell gibt %1 Werte aus, die Daten haben %2 Klassen</translation>
    </message>
    <message>
        <source>started</source>
        <translation>gestartet</translation>
    </message>
    <message>
        <source>resumed after epoch %1</source>
        <translation>fortgesetzt nach Epoche %1</translation>
    </message>
    <message>
        <source>resumed at step %1 of epoch %2</source>
        <translation>fortgesetzt bei Schritt %1 von Epoche %2</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <source>resumed</source>
        <translation>fortgesetzt</translation>
    </message>
    <message>
        <source>trained 1 epoch</source>
        <translation>1 Epoche trainiert</translation>
    </message>
    <message>
        <source>trained %1 epochs</source>
        <translation>%1 Epochen trainiert</translation>
    </message>
    <message>
        <source>early stop: no better validation top-1 for %1 epochs</source>
        <translation>früh beendet: seit %1 Epochen keine bessere Validierungs-Top-1</translation>
    </message>
    <message>
        <source>stopped after step %1 of %2 in epoch %3; its checkpoint is kept and a resume continues from there</source>
        <translation>gestoppt nach Schritt %1 von %2 in Epoche %3; sein Checkpoint bleibt erhalten und ein Fortsetzen macht dort weiter</translation>
    </message>
    <message>
        <source>stopped during epoch %1; %2</source>
        <translation>gestoppt während Epoche %1; %2</translation>
    </message>
    <message>
        <source>%1 (the stop&apos;s own checkpoint failed: %2)</source>
        <translation>%1 (der Checkpoint des Stopps scheiterte: %2)</translation>
    </message>
    <message>
        <source>no checkpoints are kept (no output folder)</source>
        <translation>es werden keine Checkpoints gespeichert (kein Ausgabeordner)</translation>
    </message>
    <message>
        <source>no checkpoint was written yet</source>
        <translation>es wurde noch kein Checkpoint geschrieben</translation>
    </message>
    <message>
        <source>the last checkpoint is from epoch %1</source>
        <translation>der letzte Checkpoint stammt aus Epoche %1</translation>
    </message>
    <message>
        <source>loss became %1 at epoch %2, step %3; the last good checkpoint is kept</source>
        <translation>der Verlust wurde %1 in Epoche %2, Schritt %3; der letzte gute Checkpoint bleibt erhalten</translation>
    </message>
    <message>
        <source>adb is not installed: install Debian&apos;s adb package (apt install adb) or set HLCNN_ADB to an adb binary</source>
        <translation>adb ist nicht installiert: Debians Paket adb installieren (apt install adb) oder HLCNN_ADB auf ein adb-Programm setzen</translation>
    </message>
    <message>
        <source>no device is connected: plug in a phone with USB debugging on (or adb connect HOST:PORT)</source>
        <translation>kein Gerät ist verbunden: ein Telefon mit eingeschaltetem USB-Debugging anschließen (oder adb connect HOST:PORT)</translation>
    </message>
    <message>
        <source>several devices are connected (%1): choose one with --serial</source>
        <translation>mehrere Geräte sind verbunden (%1): eines mit --serial wählen</translation>
    </message>
    <message>
        <source>device %1 is unauthorized: accept the &apos;Allow USB debugging?&apos; prompt on the phone, then try again</source>
        <translation>Gerät %1 ist nicht autorisiert: die Frage &apos;USB-Debugging zulassen?&apos; auf dem Telefon bestätigen, dann erneut versuchen</translation>
    </message>
    <message>
        <source>device %1 is %2: reconnect it and try again</source>
        <translation>Gerät %1 ist %2: neu verbinden und erneut versuchen</translation>
    </message>
    <message>
        <source>no device %1 is connected (hlcnn device list shows what is)</source>
        <translation>kein Gerät %1 ist verbunden (hlcnn device list zeigt, welche es sind)</translation>
    </message>
    <message>
        <source>the runner hlcnn-bench was not found (set HLCNN_BENCH_RUNNER or pass --runner FILE)</source>
        <translation>der Runner hlcnn-bench wurde nicht gefunden (HLCNN_BENCH_RUNNER setzen oder --runner DATEI angeben)</translation>
    </message>
    <message>
        <source>node &apos;%1&apos;: %2</source>
        <translation>Knoten &apos;%1&apos;: %2</translation>
    </message>
    <message>
        <source>the runner %1 is built for %2 but %3 runs %4: leave --runner out and the runner for the phone&apos;s ABI is chosen</source>
        <translation>Das Messprogramm %1 ist für %2 gebaut, aber %3 verwendet %4: lassen Sie --runner weg, dann wird das Messprogramm für die ABI des Telefons gewählt</translation>
    </message>
    <message>
        <source>no runner for %1, which runs %2: this build has runners for %3 (an arm64-v8a phone, or an x86_64 emulator image)</source>
        <translation>kein Messprogramm für %1 (verwendet %2): dieser Build hat Messprogramme für %3 (ein arm64-v8a-Telefon oder ein x86_64-Emulator-Image)</translation>
    </message>
</context>
<context>
    <name>EngineText</name>
    <message>
        <source>Convolution</source>
        <translation>Faltung</translation>
    </message>
    <message>
        <source>2-D convolution (stride, padding, dilation, groups, bias)</source>
        <translation>2-D-Faltung (Schrittweite, Rand, Dilatation, Gruppen, Bias)</translation>
    </message>
    <message>
        <source>output channels</source>
        <translation>Ausgabekanäle</translation>
    </message>
    <message>
        <source>square kernel size</source>
        <translation>quadratische Kernelgröße</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schrittweite</translation>
    </message>
    <message>
        <source>zero padding on each side (-1: (kernel-1)/2*dilation)</source>
        <translation>Nullrand auf jeder Seite (-1: (Kernel-1)/2*Dilatation)</translation>
    </message>
    <message>
        <source>spacing of kernel taps</source>
        <translation>Abstand der Kernel-Abgriffe</translation>
    </message>
    <message>
        <source>channel groups (in and out must divide)</source>
        <translation>Kanalgruppen (Ein- und Ausgabe müssen teilbar sein)</translation>
    </message>
    <message>
        <source>add a learnable bias</source>
        <translation>einen lernbaren Bias addieren</translation>
    </message>
    <message>
        <source>depthwise convolution: one filter per input channel</source>
        <translation>Depthwise-Faltung: ein Filter je Eingabekanal</translation>
    </message>
    <message>
        <source>output channels per input channel</source>
        <translation>Ausgabekanäle je Eingabekanal</translation>
    </message>
    <message>
        <source>1x1 convolution mixing channels</source>
        <translation>1x1-Faltung, die Kanäle mischt</translation>
    </message>
    <message>
        <source>channel groups</source>
        <translation>Kanalgruppen</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>Normalisierung</translation>
    </message>
    <message>
        <source>batch normalisation over channels</source>
        <translation>Batch-Normalisierung über die Kanäle</translation>
    </message>
    <message>
        <source>added to the variance</source>
        <translation>zur Varianz addiert</translation>
    </message>
    <message>
        <source>running statistics update rate</source>
        <translation>Aktualisierungsrate der laufenden Statistik</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <source>relu activation, elementwise</source>
        <translation>ReLU-Aktivierung, elementweise</translation>
    </message>
    <message>
        <source>relu6 activation, elementwise</source>
        <translation>ReLU6-Aktivierung, elementweise</translation>
    </message>
    <message>
        <source>hardswish activation, elementwise</source>
        <translation>Hardswish-Aktivierung, elementweise</translation>
    </message>
    <message>
        <source>hardsigmoid activation, elementwise</source>
        <translation>Hardsigmoid-Aktivierung, elementweise</translation>
    </message>
    <message>
        <source>silu activation, elementwise</source>
        <translation>SiLU-Aktivierung, elementweise</translation>
    </message>
    <message>
        <source>sigmoid activation, elementwise</source>
        <translation>Sigmoid-Aktivierung, elementweise</translation>
    </message>
    <message>
        <source>Pooling &amp; Head</source>
        <translation>Pooling &amp; Kopf</translation>
    </message>
    <message>
        <source>maxpool over square windows</source>
        <translation>Max-Pooling über quadratische Fenster</translation>
    </message>
    <message>
        <source>window size</source>
        <translation>Fenstergröße</translation>
    </message>
    <message>
        <source>step (0: equal to kernel)</source>
        <translation>Schrittweite (0: gleich dem Kernel)</translation>
    </message>
    <message>
        <source>zero padding on each side</source>
        <translation>Nullrand auf jeder Seite</translation>
    </message>
    <message>
        <source>round the output size up (Caffe&apos;s SqueezeNet pools)</source>
        <translation>Ausgabegröße aufrunden (Caffes SqueezeNet-Pools)</translation>
    </message>
    <message>
        <source>avgpool over square windows</source>
        <translation>Average-Pooling über quadratische Fenster</translation>
    </message>
    <message>
        <source>average over all positions: CxHxW -&gt; Cx1x1</source>
        <translation>Mittel über alle Positionen: CxHxW -&gt; Cx1x1</translation>
    </message>
    <message>
        <source>reshape to a vector</source>
        <translation>zu einem Vektor umformen</translation>
    </message>
    <message>
        <source>fully connected layer on a vector</source>
        <translation>vollständig verbundene Schicht auf einem Vektor</translation>
    </message>
    <message>
        <source>output features</source>
        <translation>Ausgabemerkmale</translation>
    </message>
    <message>
        <source>randomly zero elements while training</source>
        <translation>Elemente beim Training zufällig auf null setzen</translation>
    </message>
    <message>
        <source>drop probability</source>
        <translation>Verwerfwahrscheinlichkeit</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Zusammenführen</translation>
    </message>
    <message>
        <source>elementwise sum of equally shaped inputs (residual)</source>
        <translation>elementweise Summe gleich geformter Eingaben (Residual)</translation>
    </message>
    <message>
        <source>concatenate feature maps along channels</source>
        <translation>Feature-Maps entlang der Kanäle verketten</translation>
    </message>
    <message>
        <source>interleave channel groups (ShuffleNet)</source>
        <translation>Kanalgruppen verschränken (ShuffleNet)</translation>
    </message>
    <message>
        <source>number of groups</source>
        <translation>Anzahl der Gruppen</translation>
    </message>
    <message>
        <source>take one of `parts` equal channel chunks</source>
        <translation>einen von `parts` gleichen Kanalabschnitten nehmen</translation>
    </message>
    <message>
        <source>number of equal chunks</source>
        <translation>Anzahl gleicher Abschnitte</translation>
    </message>
    <message>
        <source>which chunk (0-based)</source>
        <translation>welcher Abschnitt (ab 0)</translation>
    </message>
    <message>
        <source>Attention &amp; Fusion</source>
        <translation>Attention &amp; Fusion</translation>
    </message>
    <message>
        <source>squeeze-and-excitation: x * gate(W2 delta(W1 GAP(x)))</source>
        <translation>Squeeze-and-Excitation: x * gate(W2 delta(W1 GAP(x)))</translation>
    </message>
    <message>
        <source>squeeze ratio r: C/r hidden units</source>
        <translation>Squeeze-Verhältnis r: C/r verborgene Einheiten</translation>
    </message>
    <message>
        <source>hidden units (0: from reduction)</source>
        <translation>verborgene Einheiten (0: aus dem Verhältnis)</translation>
    </message>
    <message>
        <source>round hidden units to a multiple of this (MobileNetV3: 8)</source>
        <translation>verborgene Einheiten auf ein Vielfaches davon runden (MobileNetV3: 8)</translation>
    </message>
    <message>
        <source>activation after the squeeze</source>
        <translation>Aktivierung nach dem Squeeze</translation>
    </message>
    <message>
        <source>gating function</source>
        <translation>Gate-Funktion</translation>
    </message>
    <message>
        <source>efficient channel attention: 1-D conv over pooled channels</source>
        <translation>Efficient Channel Attention: 1-D-Faltung über die gepoolten Kanäle</translation>
    </message>
    <message>
        <source>1-D kernel size (0: adaptive, from the channel count)</source>
        <translation>1-D-Kernelgröße (0: adaptiv, aus der Kanalzahl)</translation>
    </message>
    <message>
        <source>learnable weighted fusion alpha*F1 + beta*F2, F2 resampled to F1&apos;s shape</source>
        <translation>lernbare gewichtete Fusion alpha*F1 + beta*F2, F2 auf die Form von F1 gebracht</translation>
    </message>
    <message>
        <source>alpha and beta as scalars or one per channel</source>
        <translation>alpha und beta als Skalare oder je Kanal</translation>
    </message>
    <message>
        <source>initial alpha</source>
        <translation>anfängliches alpha</translation>
    </message>
    <message>
        <source>initial beta</source>
        <translation>anfängliches beta</translation>
    </message>
    <message>
        <source>bring F2 to F1&apos;s shape (adaptive avg-pool down, 1x1 projection, nearest upsample)</source>
        <translation>F2 auf die Form von F1 bringen (adaptives Average-Pooling abwärts, 1x1-Projektion, Nearest-Upsampling)</translation>
    </message>
    <message>
        <source>Mobile blocks</source>
        <translation>Mobile Blöcke</translation>
    </message>
    <message>
        <source>depthwise-separable conv: dw kxk + BN + act, 1x1 + BN + act</source>
        <translation>Depthwise-separable Faltung: dw kxk + BN + Akt., 1x1 + BN + Akt.</translation>
    </message>
    <message>
        <source>depthwise kernel</source>
        <translation>Depthwise-Kernel</translation>
    </message>
    <message>
        <source>depthwise stride</source>
        <translation>Depthwise-Schrittweite</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <source>batchnorm eps</source>
        <translation>Batchnorm-Epsilon</translation>
    </message>
    <message>
        <source>MobileNetV2 inverted residual: 1x1 expand, kxk depthwise, 1x1 linear project, residual</source>
        <translation>MobileNetV2 Inverted Residual: 1x1 erweitern, kxk depthwise, 1x1 linear projizieren, Residual</translation>
    </message>
    <message>
        <source>hidden = round(in * ratio)</source>
        <translation>verborgen = round(Eingabe * Verhältnis)</translation>
    </message>
    <message>
        <source>MBConv (MobileNetV3 / EfficientNet): expand, depthwise, optional SE, project, residual</source>
        <translation>MBConv (MobileNetV3 / EfficientNet): erweitern, depthwise, optional SE, projizieren, Residual</translation>
    </message>
    <message>
        <source>hidden channels (0: input * expand_ratio, multiple of 8)</source>
        <translation>verborgene Kanäle (0: Eingabe * expand_ratio, Vielfaches von 8)</translation>
    </message>
    <message>
        <source>used when expanded_channels is 0</source>
        <translation>gilt, wenn expanded_channels 0 ist</translation>
    </message>
    <message>
        <source>depthwise dilation</source>
        <translation>Depthwise-Dilatation</translation>
    </message>
    <message>
        <source>squeeze-and-excitation after the depthwise conv</source>
        <translation>Squeeze-and-Excitation nach der Depthwise-Faltung</translation>
    </message>
    <message>
        <source>SE hidden units (0: expanded/4, multiple of 8)</source>
        <translation>verborgene SE-Einheiten (0: erweitert/4, Vielfaches von 8)</translation>
    </message>
    <message>
        <source>SE inner activation</source>
        <translation>innere SE-Aktivierung</translation>
    </message>
    <message>
        <source>SE gate</source>
        <translation>SE-Gate</translation>
    </message>
    <message>
        <source>classic bottleneck: 1x1 reduce, 3x3 depthwise, optional attention, 1x1 expand, residual</source>
        <translation>klassischer Bottleneck: 1x1 reduzieren, 3x3 depthwise, optional Attention, 1x1 erweitern, Residual</translation>
    </message>
    <message>
        <source>mid channels = out / reduction</source>
        <translation>mittlere Kanäle = Ausgabe / Reduktion</translation>
    </message>
    <message>
        <source>channel attention after the depthwise conv</source>
        <translation>Channel Attention nach der Depthwise-Faltung</translation>
    </message>
    <message>
        <source>SqueezeNet Fire: 1x1 squeeze, then 1x1 and 3x3 expand, concatenated</source>
        <translation>SqueezeNet Fire: 1x1 Squeeze, dann 1x1- und 3x3-Erweiterung, verkettet</translation>
    </message>
    <message>
        <source>squeeze channels</source>
        <translation>Squeeze-Kanäle</translation>
    </message>
    <message>
        <source>1x1 expand channels</source>
        <translation>1x1-Erweiterungskanäle</translation>
    </message>
    <message>
        <source>3x3 expand channels</source>
        <translation>3x3-Erweiterungskanäle</translation>
    </message>
    <message>
        <source>ShuffleNet v1 unit: grouped 1x1, shuffle, 3x3 depthwise, grouped 1x1; add or concat with avg-pool</source>
        <translation>ShuffleNet-v1-Einheit: gruppierte 1x1, Shuffle, 3x3 depthwise, gruppierte 1x1; Addition oder Verkettung mit Average-Pooling</translation>
    </message>
    <message>
        <source>1x1 conv groups</source>
        <translation>Gruppen der 1x1-Faltung</translation>
    </message>
    <message>
        <source>1 (residual add) or 2 (concat with 3x3 avg-pool)</source>
        <translation>1 (Residual-Addition) oder 2 (Verkettung mit 3x3-Average-Pooling)</translation>
    </message>
    <message>
        <source>bottleneck channels (0: out/4)</source>
        <translation>Bottleneck-Kanäle (0: Ausgabe/4)</translation>
    </message>
    <message>
        <source>first 1x1 is not grouped (first unit of the net)</source>
        <translation>die erste 1x1 ist nicht gruppiert (erste Einheit des Netzes)</translation>
    </message>
    <message>
        <source>ShuffleNet v2 unit: channel split (or two branches when striding), concat, shuffle</source>
        <translation>ShuffleNet-v2-Einheit: Kanal-Split (oder zwei Zweige beim Striding), Verkettung, Shuffle</translation>
    </message>
    <message>
        <source>output channels (even)</source>
        <translation>Ausgabekanäle (gerade)</translation>
    </message>
    <message>
        <source>1: split + identity half; 2: two downsampling branches</source>
        <translation>1: Split + Identitätshälfte; 2: zwei abwärtstastende Zweige</translation>
    </message>
    <message>
        <source>Ghost module: primary conv makes out/ratio maps, cheap depthwise ops make the rest</source>
        <translation>Ghost-Modul: die primäre Faltung erzeugt Ausgabe/Verhältnis Maps, günstige Depthwise-Ops den Rest</translation>
    </message>
    <message>
        <source>output channels (a multiple of ratio)</source>
        <translation>Ausgabekanäle (ein Vielfaches des Verhältnisses)</translation>
    </message>
    <message>
        <source>total / intrinsic maps</source>
        <translation>gesamte / intrinsische Maps</translation>
    </message>
    <message>
        <source>primary kernel</source>
        <translation>primärer Kernel</translation>
    </message>
    <message>
        <source>cheap-operation kernel</source>
        <translation>Kernel der günstigen Operation</translation>
    </message>
    <message>
        <source>primary stride</source>
        <translation>primäre Schrittweite</translation>
    </message>
    <message>
        <source>ReLU after both parts</source>
        <translation>ReLU nach beiden Teilen</translation>
    </message>
    <message>
        <source>GhostNet bottleneck: ghost module, optional stride-2 depthwise, optional SE, ghost module</source>
        <translation>GhostNet-Bottleneck: Ghost-Modul, optional Depthwise mit Schrittweite 2, optional SE, Ghost-Modul</translation>
    </message>
    <message>
        <source>expanded channels</source>
        <translation>erweiterte Kanäle</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>Schrittweite</translation>
    </message>
    <message>
        <source>SE squeeze ratio (0: no SE)</source>
        <translation>SE-Squeeze-Verhältnis (0: kein SE)</translation>
    </message>
    <message>
        <source>ResNet basic block: two 3x3 convs with BN, residual</source>
        <translation>ResNet-Basisblock: zwei 3x3-Faltungen mit BN, Residual</translation>
    </message>
    <message>
        <source>first conv stride</source>
        <translation>Schrittweite der ersten Faltung</translation>
    </message>
    <message>
        <source>HL-CNN bottleneck: 1x1 expand, depthwise, channel attention, 1x1 project, learnable fusion alpha*F1 + beta*F2 with the (resampled) block input</source>
        <translation>HL-CNN-Bottleneck: 1x1 erweitern, depthwise, Channel Attention, 1x1 projizieren, lernbare Fusion alpha*F1 + beta*F2 mit der (angepassten) Blockeingabe</translation>
    </message>
    <message>
        <source>SE squeeze ratio</source>
        <translation>SE-Squeeze-Verhältnis</translation>
    </message>
    <message>
        <source>how the block output F1 meets the input F2: alpha*F1+beta*F2, F1+F2 (same shape only) or F1 alone</source>
        <translation>wie die Blockausgabe F1 auf die Eingabe F2 trifft: alpha*F1+beta*F2, F1+F2 (nur gleiche Form) oder nur F1</translation>
    </message>
    <message>
        <source>alpha/beta per block or per channel</source>
        <translation>alpha/beta je Block oder je Kanal</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>the layout block (version %1) is not one this program reads; nodes were laid out anew</source>
        <translation>Der Layout-Block (Version %1) ist keiner, den dieses Programm liest; die Knoten wurden neu angeordnet</translation>
    </message>
    <message>
        <source>%1 has no attribute &apos;%2&apos;</source>
        <translation>%1 hat kein Attribut „%2“</translation>
    </message>
    <message>
        <source>  [output]</source>
        <translation>  [Ausgabe]</translation>
    </message>
    <message>
        <source>out %1</source>
        <translation>Ausg. %1</translation>
    </message>
    <message>
        <source>params ?  MACs ?</source>
        <translation>Par. ?  MACs ?</translation>
    </message>
    <message>
        <source>params %1  MACs %2</source>
        <translation>Par. %1  MACs %2</translation>
    </message>
    <message>
        <source>cannot write %1: the folder does not exist</source>
        <translation>%1 kann nicht geschrieben werden: Der Ordner existiert nicht</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>cannot write %1: renaming the finished file failed</source>
        <translation>%1 kann nicht geschrieben werden: Das Umbenennen der fertigen Datei schlug fehl</translation>
    </message>
    <message>
        <source>a figure is 1 to 30 inches wide and high, not %1 x %2</source>
        <translation>Eine Abbildung ist 1 bis 30 Zoll breit und hoch, nicht %1 x %2</translation>
    </message>
    <message>
        <source>the resolution is 72 to 1200 DPI, not %1</source>
        <translation>Die Auflösung beträgt 72 bis 1200 DPI, nicht %1</translation>
    </message>
    <message>
        <source>no output folder given</source>
        <translation>Kein Ausgabeordner angegeben</translation>
    </message>
    <message>
        <source>%1 already exists and is not an empty folder (nothing was written)</source>
        <translation>%1 existiert bereits und ist kein leerer Ordner (nichts wurde geschrieben)</translation>
    </message>
    <message>
        <source>cannot write into %1: the folder does not exist</source>
        <translation>In %1 kann nicht geschrieben werden: Der Ordner existiert nicht</translation>
    </message>
    <message>
        <source>cannot create a folder in %1</source>
        <translation>In %1 kann kein Ordner angelegt werden</translation>
    </message>
    <message>
        <source>pausing</source>
        <translation>pausiert gleich</translation>
    </message>
    <message>
        <source>Delete failed: %1</source>
        <translation>Löschen fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n run(s) and %1 file(s)</source>
        <translation>
            <numerusform>%n Lauf und %1 Datei(en) gelöscht</numerusform>
            <numerusform>%n Läufe und %1 Datei(en) gelöscht</numerusform>
        </translation>
    </message>
    <message>
        <source>graph input</source>
        <translation>Graph-Eingabe</translation>
    </message>
    <message>
        <source>none of the runs has a recorded epoch: nothing to report</source>
        <translation>Keiner der Läufe hat eine aufgezeichnete Epoche: nichts zu berichten</translation>
    </message>
    <message>
        <source>time %1 %</source>
        <translation>Zeit %1 %</translation>
    </message>
    <message>
        <source>device: not measured</source>
        <translation>Gerät: nicht gemessen</translation>
    </message>
    <message>
        <source>device %1 ms</source>
        <translation>Gerät %1 ms</translation>
    </message>
</context>
<context>
    <name>RunState</name>
    <message>
        <source>queued</source>
        <translation>eingereiht</translation>
    </message>
    <message>
        <source>loading data</source>
        <translation>lädt Daten</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>stoppt</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>divergiert</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
</context>
<context>
    <name>hlcnn::AblationDialog</name>
    <message>
        <source>Ablate block %1</source>
        <translation>Block %1 ablatieren</translation>
    </message>
    <message>
        <source>Channel attention:</source>
        <translation>Kanal-Attention:</translation>
    </message>
    <message>
        <source>Fusion of F1 and F2:</source>
        <translation>Fusion von F1 und F2:</translation>
    </message>
    <message>
        <source>SE squeeze ratios to try, separated by commas (1 to 64); used where attention is se</source>
        <translation>Zu testende SE-Reduktionsfaktoren, durch Kommas getrennt (1 bis 64); wirksam, wo die Attention se ist</translation>
    </message>
    <message>
        <source>SE reduction:</source>
        <translation>SE-Reduktion:</translation>
    </message>
    <message>
        <source>Next: data and recipe...</source>
        <translation>Weiter: Daten und Rezept...</translation>
    </message>
    <message>
        <source>Each combination of the checked values becomes a variant of the designed graph, with only block %1 changed. They train as one sweep, each with the seeds chosen next.</source>
        <translation>Jede Kombination der angehakten Werte wird eine Variante des entworfenen Graphen, in der nur Block %1 geändert ist. Sie trainieren als ein Sweep, jede mit den als Nächstes gewählten Seeds.</translation>
    </message>
    <message>
        <source>Check at least one value of %1.</source>
        <translation>Mindestens einen Wert von %1 anhaken.</translation>
    </message>
    <message>
        <source>SE reduction: &apos;%1&apos; is not an integer between 1 and 64.</source>
        <translation>SE-Reduktion: &apos;%1&apos; ist keine ganze Zahl zwischen 1 und 64.</translation>
    </message>
    <message>
        <source>Nothing varies: check a second value of at least one option.</source>
        <translation>Nichts variiert: bei mindestens einer Option einen zweiten Wert anhaken.</translation>
    </message>
    <message>
        <source>%1 variants of block %2.</source>
        <translation>%1 Varianten von Block %2.</translation>
    </message>
</context>
<context>
    <name>hlcnn::CompareView</name>
    <message>
        <source>Select runs in the Runs area and press Compare.</source>
        <translation>Wählen Sie Läufe im Bereich „Läufe“ und klicken Sie auf „Vergleichen“.</translation>
    </message>
    <message>
        <source>Group seeds (mean ± std)</source>
        <translation>Seeds gruppieren (Mittelwert ± Std.-Abw.)</translation>
    </message>
    <message>
        <source>Runs that differ only by seed become one entry: a mean line with a ± std band, mean ± std cells and an error bar</source>
        <translation>Läufe, die sich nur im Seed unterscheiden, werden ein Eintrag: eine Mittelwertlinie mit ± Std.-Abw.-Band, Zellen mit Mittelwert ± Std.-Abw. und ein Fehlerbalken</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MACs</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Measured latency</source>
        <translation>Gemessene Latenz</translation>
    </message>
    <message>
        <source>The cost axis of the Pareto plot</source>
        <translation>Die Kostenachse des Pareto-Diagramms</translation>
    </message>
    <message>
        <source>Export figure...</source>
        <translation>Abbildung exportieren ...</translation>
    </message>
    <message>
        <source>The current plot as PNG (size and DPI of your choice), SVG or PDF, in the paper style</source>
        <translation>Das aktuelle Diagramm als PNG (Größe und DPI nach Wahl), SVG oder PDF im Stil einer Veröffentlichung</translation>
    </message>
    <message>
        <source>Export table...</source>
        <translation>Tabelle exportieren ...</translation>
    </message>
    <message>
        <source>The table as CSV, Markdown or LaTeX</source>
        <translation>Die Tabelle als CSV, Markdown oder LaTeX</translation>
    </message>
    <message>
        <source>Report pack...</source>
        <translation>Berichtspaket ...</translation>
    </message>
    <message>
        <source>A folder with every figure (PDF, SVG, PNG), its data as CSV, the LaTeX table and an index</source>
        <translation>Ein Ordner mit allen Abbildungen (PDF, SVG, PNG), ihren Daten als CSV, der LaTeX-Tabelle und einem Index</translation>
    </message>
    <message>
        <source>Pareto cost:</source>
        <translation>Pareto-Kosten:</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>Op</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>Was sich geändert hat</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Δ params</source>
        <translation>Δ Parameter</translation>
    </message>
    <message>
        <source>Δ MACs</source>
        <translation>Δ MACs</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Von:</translation>
    </message>
    <message>
        <source>to:</source>
        <translation>nach:</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>Kurven</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Pareto</source>
        <translation>Pareto</translation>
    </message>
    <message>
        <source>Architecture diff</source>
        <translation>Architekturvergleich</translation>
    </message>
    <message numerus="yes">
        <source>Reading %n run(s)...</source>
        <translation>
            <numerusform>%n Lauf wird gelesen ...</numerusform>
            <numerusform>%n Läufe werden gelesen ...</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation>Vergleich nicht möglich: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) compared</source>
        <translation>
            <numerusform>%n Lauf verglichen</numerusform>
            <numerusform>%n Läufe verglichen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n seed group(s)</source>
        <translation>
            <numerusform>; %n Seed-Gruppe</numerusform>
            <numerusform>; %n Seed-Gruppen</numerusform>
        </translation>
    </message>
    <message>
        <source>None of these runs has a measured latency yet (hlcnn bench latency --run ID): nothing to plot</source>
        <translation>Keiner dieser Läufe hat bisher eine gemessene Latenz (hlcnn bench latency --run ID): nichts zu zeichnen</translation>
    </message>
    <message>
        <source>Model / run</source>
        <translation>Modell / Lauf</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>Seeds</translation>
    </message>
    <message>
        <source>Best top-1 %</source>
        <translation>Beste Top-1 %</translation>
    </message>
    <message>
        <source>Epoch of best</source>
        <translation>Epoche des Besten</translation>
    </message>
    <message>
        <source>Last top-1 %</source>
        <translation>Letzte Top-1 %</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>MACs (M)</source>
        <translation>MACs (M)</translation>
    </message>
    <message>
        <source>Size fp32 (MB)</source>
        <translation>Größe fp32 (MB)</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>Latenz (ms)</translation>
    </message>
    <message>
        <source>int8 top-1 %</source>
        <translation>int8 Top-1 %</translation>
    </message>
    <message>
        <source>int8 latency (ms)</source>
        <translation>int8-Latenz (ms)</translation>
    </message>
    <message>
        <source>Training time</source>
        <translation>Trainingszeit</translation>
    </message>
    <message>
        <source>This recipe field differs between the compared runs</source>
        <translation>Dieses Rezeptfeld unterscheidet sich zwischen den verglichenen Läufen</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>nicht gemessen</translation>
    </message>
    <message>
        <source>front</source>
        <translation>Front</translation>
    </message>
    <message>
        <source>dominated</source>
        <translation>dominiert</translation>
    </message>
    <message>
        <source>Pick two runs to see what changed between their architectures.</source>
        <translation>Wählen Sie zwei Läufe, um zu sehen, was sich zwischen ihren Architekturen geändert hat.</translation>
    </message>
    <message>
        <source>Cannot diff these graphs: %1</source>
        <translation>Diese Graphen können nicht verglichen werden: %1</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>nicht aufgezeichnet</translation>
    </message>
    <message>
        <source>&lt;b&gt;#%1 → #%2&lt;/b&gt;: %3 node(s) changed, %4 unchanged.&lt;br&gt;Params %5 · MACs %6 · best top-1 %7</source>
        <translation>&lt;b&gt;#%1 → #%2&lt;/b&gt;: %3 Knoten geändert, %4 unverändert.&lt;br&gt;Parameter %5 · MACs %6 · beste Top-1 %7</translation>
    </message>
    <message>
        <source>Input %1 → %2</source>
        <translation>Eingabe %1 → %2</translation>
    </message>
    <message>
        <source>The architectures are identical: the difference in accuracy comes from the recipe or the seed.</source>
        <translation>Die Architekturen sind identisch: Der Unterschied in der Genauigkeit kommt vom Rezept oder vom Seed.</translation>
    </message>
    <message>
        <source>added</source>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>reshaped</source>
        <translation>umgeformt</translation>
    </message>
    <message>
        <source>%1: a figure is written as .png, .svg or .pdf</source>
        <translation>%1: Eine Abbildung wird als .png, .svg oder .pdf geschrieben</translation>
    </message>
    <message>
        <source>nothing to export: no runs are compared</source>
        <translation>Nichts zu exportieren: Es werden keine Läufe verglichen</translation>
    </message>
    <message>
        <source>%1: a table is written as .csv, .md or .tex</source>
        <translation>%1: Eine Tabelle wird als .csv, .md oder .tex geschrieben</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <source>Loss curves</source>
        <translation>Verlustkurven</translation>
    </message>
    <message>
        <source>Top-1 curves</source>
        <translation>Top-1-Kurven</translation>
    </message>
    <message>
        <source>Pareto plot</source>
        <translation>Pareto-Diagramm</translation>
    </message>
    <message>
        <source> in</source>
        <translation> Zoll</translation>
    </message>
    <message>
        <source>PNG only: SVG and PDF are vector figures</source>
        <translation>Nur PNG: SVG und PDF sind Vektorgrafiken</translation>
    </message>
    <message>
        <source>Figure:</source>
        <translation>Abbildung:</translation>
    </message>
    <message>
        <source>Width:</source>
        <translation>Breite:</translation>
    </message>
    <message>
        <source>Height:</source>
        <translation>Höhe:</translation>
    </message>
    <message>
        <source>PNG resolution (DPI):</source>
        <translation>PNG-Auflösung (DPI):</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;SVG (*.svg);;PNG (*.png)</source>
        <translation>PDF (*.pdf);;SVG (*.svg);;PNG (*.png)</translation>
    </message>
    <message>
        <source>Figure written to %1</source>
        <translation>Abbildung nach %1 geschrieben</translation>
    </message>
    <message>
        <source>Figure not written: %1</source>
        <translation>Abbildung nicht geschrieben: %1</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>Tabelle exportieren</translation>
    </message>
    <message>
        <source>LaTeX (*.tex);;Markdown (*.md);;CSV (*.csv)</source>
        <translation>LaTeX (*.tex);;Markdown (*.md);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Table written to %1</source>
        <translation>Tabelle nach %1 geschrieben</translation>
    </message>
    <message>
        <source>Table not written: %1</source>
        <translation>Tabelle nicht geschrieben: %1</translation>
    </message>
    <message numerus="yes">
        <source>Report pack written to %1 (%n file(s))</source>
        <translation>
            <numerusform>Berichtspaket nach %1 geschrieben (%n Datei)</numerusform>
            <numerusform>Berichtspaket nach %1 geschrieben (%n Dateien)</numerusform>
        </translation>
    </message>
    <message>
        <source>Report pack not written: %1</source>
        <translation>Berichtspaket nicht geschrieben: %1</translation>
    </message>
    <message>
        <source>%1 → %2 % (%3%4 points)</source>
        <translation>%1 → %2 % (%3%4 Prozentpunkte)</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Read the compared runs again (runs still training have new epochs)</source>
        <translation>Die verglichenen Läufe erneut lesen (noch trainierende Läufe haben neue Epochen)</translation>
    </message>
    <message>
        <source>On-device latency</source>
        <translation>Latenz auf dem Gerät</translation>
    </message>
    <message>
        <source>None of these runs has been profiled on a phone yet (Devices area, or hlcnn device profile): nothing to plot</source>
        <translation>Keiner dieser Läufe wurde bisher auf einem Telefon profiliert (Bereich „Geräte“ oder hlcnn device profile): nichts zu zeichnen</translation>
    </message>
    <message>
        <source>Device latency (ms)</source>
        <translation>Latenz Gerät (ms)</translation>
    </message>
    <message>
        <source>Device int8 latency (ms)</source>
        <translation>int8-Latenz Gerät (ms)</translation>
    </message>
    <message>
        <source>Run IDs</source>
        <translation>Lauf-IDs</translation>
    </message>
    <message>
        <source>Report pack: choose or create a folder</source>
        <translation>Berichtspaket: Ordner wählen oder anlegen</translation>
    </message>
    <message>
        <source>Write pack here</source>
        <translation>Paket hier schreiben</translation>
    </message>
</context>
<context>
    <name>hlcnn::ConfusionView</name>
    <message>
        <source>No evaluated epoch yet.</source>
        <translation>Noch keine ausgewertete Epoche.</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>vorhergesagt</translation>
    </message>
    <message>
        <source>true</source>
        <translation>wahr</translation>
    </message>
</context>
<context>
    <name>hlcnn::DesignerDocument</name>
    <message>
        <source>unknown op &apos;%1&apos;</source>
        <translation>Unbekannte Op „%1“</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>%1 hinzufügen</translation>
    </message>
    <message>
        <source>the graph input cannot be removed</source>
        <translation>Die Graph-Eingabe kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>no such node</source>
        <translation>Kein solcher Knoten</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n node(s)</source>
        <translation>
            <numerusform>%n Knoten entfernen</numerusform>
            <numerusform>%n Knoten entfernen</numerusform>
        </translation>
    </message>
    <message>
        <source>no node &apos;%1&apos;</source>
        <translation>Kein Knoten „%1“</translation>
    </message>
    <message>
        <source>%1: a node cannot feed itself</source>
        <translation>%1: Ein Knoten kann sich nicht selbst speisen</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 takes at most %n input(s)</source>
        <translation>
            <numerusform>%1: %2 nimmt höchstens %n Eingabe</numerusform>
            <numerusform>%1: %2 nimmt höchstens %n Eingaben</numerusform>
        </translation>
    </message>
    <message>
        <source>Connect %1 to %2</source>
        <translation>%1 mit %2 verbinden</translation>
    </message>
    <message>
        <source>no such connection</source>
        <translation>Keine solche Verbindung</translation>
    </message>
    <message>
        <source>Disconnect %1 from %2</source>
        <translation>%1 von %2 trennen</translation>
    </message>
    <message numerus="yes">
        <source>Move %n node(s)</source>
        <translation>
            <numerusform>%n Knoten verschieben</numerusform>
            <numerusform>%n Knoten verschieben</numerusform>
        </translation>
    </message>
    <message>
        <source>Set %1.%2 = %3</source>
        <translation>%1.%2 = %3 setzen</translation>
    </message>
    <message>
        <source>Set model output</source>
        <translation>Modellausgabe festlegen</translation>
    </message>
    <message>
        <source>the input shape must be CxHxW with positive sizes</source>
        <translation>Die Eingabeform muss CxHxW mit positiven Größen sein</translation>
    </message>
    <message>
        <source>Set input %1</source>
        <translation>Eingabe %1 festlegen</translation>
    </message>
    <message>
        <source>%1 is not a composite block</source>
        <translation>%1 ist kein zusammengesetzter Block</translation>
    </message>
    <message>
        <source>fix the graph first: %1</source>
        <translation>Zuerst den Graphen korrigieren: %1</translation>
    </message>
    <message>
        <source>Expand %1</source>
        <translation>%1 aufklappen</translation>
    </message>
    <message>
        <source>%1 is not an expanded block</source>
        <translation>%1 ist kein aufgeklappter Block</translation>
    </message>
    <message>
        <source>%1 was edited after expanding %2; it cannot be collapsed back</source>
        <translation>%1 wurde nach dem Aufklappen von %2 bearbeitet; es kann nicht wieder zugeklappt werden</translation>
    </message>
    <message>
        <source>a node named %1 exists already</source>
        <translation>Ein Knoten namens %1 existiert bereits</translation>
    </message>
    <message>
        <source>Collapse %1</source>
        <translation>%1 zuklappen</translation>
    </message>
    <message>
        <source>the clipboard holds no designer nodes</source>
        <translation>Die Zwischenablage enthält keine Designer-Knoten</translation>
    </message>
    <message>
        <source>the clipboard holds no designer nodes: %1</source>
        <translation>Die Zwischenablage enthält keine Designer-Knoten: %1</translation>
    </message>
    <message numerus="yes">
        <source>Paste %n node(s)</source>
        <translation>
            <numerusform>%n Knoten einfügen</numerusform>
            <numerusform>%n Knoten einfügen</numerusform>
        </translation>
    </message>
    <message>
        <source>repeat between 2 and 64 times</source>
        <translation>Zwischen 2 und 64 Mal wiederholen</translation>
    </message>
    <message>
        <source>only single-input nodes can be repeated</source>
        <translation>Nur Knoten mit einer Eingabe können wiederholt werden</translation>
    </message>
    <message>
        <source>Repeat %1 x%2</source>
        <translation>%1 x%2 wiederholen</translation>
    </message>
    <message>
        <source>a model needs a name</source>
        <translation>ein Modell braucht einen Namen</translation>
    </message>
    <message>
        <source>Rename model to %1</source>
        <translation>Modell in %1 umbenennen</translation>
    </message>
</context>
<context>
    <name>hlcnn::DesignerInspector</name>
    <message>
        <source>No node selected</source>
        <translation>Kein Knoten ausgewählt</translation>
    </message>
</context>
<context>
    <name>hlcnn::DesignerScene</name>
    <message>
        <source>Delete selection</source>
        <translation>Auswahl löschen</translation>
    </message>
</context>
<context>
    <name>hlcnn::DesignerWidget</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Einfügen</translation>
    </message>
    <message>
        <source>&amp;Fit to View</source>
        <translation>&amp;An Ansicht anpassen</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>Mark as &amp;Output</source>
        <translation>Als &amp;Ausgabe markieren</translation>
    </message>
    <message>
        <source>E&amp;xpand Block</source>
        <translation>Block auf&amp;klappen</translation>
    </message>
    <message>
        <source>&amp;Collapse Block</source>
        <translation>Block &amp;zuklappen</translation>
    </message>
    <message>
        <source>&amp;Repeat Stage...</source>
        <translation>Stufe &amp;wiederholen ...</translation>
    </message>
    <message>
        <source>Select one block to repeat.</source>
        <translation>Wählen Sie einen Block zum Wiederholen.</translation>
    </message>
    <message>
        <source>Repeat stage</source>
        <translation>Stufe wiederholen</translation>
    </message>
    <message>
        <source>Total number of blocks in the stage:</source>
        <translation>Gesamtzahl der Blöcke in der Stufe:</translation>
    </message>
    <message>
        <source>params %1   MACs %2 M   FLOPs (2 x MACs) %3 M   peak activations %4   model %5 (fp32) / %6 (int8)</source>
        <translation>Parameter %1   MACs %2 M   FLOPs (2 x MACs) %3 M   Spitzen-Aktivierungen %4   Modell %5 (fp32) / %6 (int8)</translation>
    </message>
    <message numerus="yes">
        <source>invalid graph, %n problem(s): %1</source>
        <translation>
            <numerusform>Ungültiger Graph, %n Problem: %1</numerusform>
            <numerusform>Ungültiger Graph, %n Probleme: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>   |   so far, over %1 of %2 nodes: params %3, MACs %4 M</source>
        <translation>   |   bisher, über %1 von %2 Knoten: Parameter %3, MACs %4 M</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>no device</source>
        <translation>kein Gerät</translation>
    </message>
    <message>
        <source>Predict each node&apos;s latency on a phone from its latency table (Devices area, or hlcnn device latency-table)</source>
        <translation>Die Latenz jedes Knotens auf einem Telefon aus dessen Latenztabelle vorhersagen (Bereich „Geräte“ oder hlcnn device latency-table)</translation>
    </message>
    <message>
        <source>Predict on:</source>
        <translation>Vorhersage für:</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 · %n thread(s) · %3 cores</source>
        <translation>
            <numerusform>%1 · %2 · %n Thread · %3 Kerne</numerusform>
            <numerusform>%1 · %2 · %n Threads · %3 Kerne</numerusform>
        </translation>
    </message>
    <message>
        <source>device %1 ms (predicted)</source>
        <translation>Gerät %1 ms (vorhergesagt)</translation>
    </message>
    <message>
        <source>The graph has no file to revert to.</source>
        <translation>Der Graph hat keine Datei, zu der er zurückkehren könnte.</translation>
    </message>
    <message numerus="yes">
        <source>device %1 ms (predicted; %n unit(s) not measured)</source>
        <translation>
            <numerusform>Gerät %1 ms (vorhergesagt; %n Einheit nicht gemessen)</numerusform>
            <numerusform>Gerät %1 ms (vorhergesagt; %n Einheiten nicht gemessen)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hlcnn::DevicesView</name>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>unauthorized: accept the prompt on the phone</source>
        <translation>nicht autorisiert: Bestätigen Sie die Abfrage auf dem Telefon</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message numerus="yes">
        <source>%n x %1 GHz</source>
        <comment>cores in a cluster</comment>
        <translation>
            <numerusform>%n x %1 GHz</numerusform>
            <numerusform>%n x %1 GHz</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>light</source>
        <translation>leicht</translation>
    </message>
    <message>
        <source>moderate</source>
        <translation>mäßig</translation>
    </message>
    <message>
        <source>severe</source>
        <translation>stark</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <source>emergency</source>
        <translation>Notfall</translation>
    </message>
    <message>
        <source>shutdown</source>
        <translation>Abschaltung</translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>nicht gemeldet</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Seriennummer</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Choose a device.</source>
        <translation>Wählen Sie ein Gerät.</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen ...</translation>
    </message>
    <message>
        <source>All cores</source>
        <translation>Alle Kerne</translation>
    </message>
    <message>
        <source>Big cores</source>
        <translation>Große Kerne</translation>
    </message>
    <message>
        <source>Little cores</source>
        <translation>Kleine Kerne</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Profile on device</source>
        <translation>Auf dem Gerät profilieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>Cores</source>
        <translation>Kerne</translation>
    </message>
    <message>
        <source>Warm-up forwards</source>
        <translation>Aufwärmdurchläufe</translation>
    </message>
    <message>
        <source>Timed forwards</source>
        <translation>Gemessene Durchläufe</translation>
    </message>
    <message>
        <source>Cool-down before</source>
        <translation>Abkühlen vorher</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Mean ms</source>
        <translation>Mittel ms</translation>
    </message>
    <message>
        <source>p50 ms</source>
        <translation>p50 ms</translation>
    </message>
    <message>
        <source>p90 ms</source>
        <translation>p90 ms</translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation>p99 ms</translation>
    </message>
    <message>
        <source>Min ms</source>
        <translation>Min. ms</translation>
    </message>
    <message>
        <source>mJ/inference</source>
        <translation>mJ/Inferenz</translation>
    </message>
    <message>
        <source>Thermal</source>
        <translation>Thermik</translation>
    </message>
    <message>
        <source>Throttling</source>
        <translation>Drosselung</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Devices (adb)</source>
        <translation>Geräte (adb)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Profiles recorded on this device</source>
        <translation>Auf diesem Gerät aufgezeichnete Profile</translation>
    </message>
    <message>
        <source>fp32</source>
        <translation>fp32</translation>
    </message>
    <message>
        <source>int8</source>
        <translation>int8</translation>
    </message>
    <message>
        <source>Build latency table for the designer&apos;s graph</source>
        <translation>Latenztabelle für den Graphen des Designers erstellen</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>Modelldatei</translation>
    </message>
    <message>
        <source>No device connected: plug in a phone with USB debugging on (or adb connect HOST:PORT).</source>
        <translation>Kein Gerät verbunden: Schließen Sie ein Telefon mit aktiviertem USB-Debugging an (oder adb connect HOST:PORT).</translation>
    </message>
    <message>
        <source>No device connected</source>
        <translation>Kein Gerät verbunden</translation>
    </message>
    <message>
        <source>Reading %1...</source>
        <translation>%1 wird gelesen ...</translation>
    </message>
    <message>
        <source>%1 %2 °C</source>
        <translation>%1 %2 °C</translation>
    </message>
    <message>
        <source>SoC</source>
        <translation>SoC</translation>
    </message>
    <message>
        <source>ABI</source>
        <translation>ABI</translation>
    </message>
    <message>
        <source>Android</source>
        <translation>Android</translation>
    </message>
    <message>
        <source>%1 (SDK %2)</source>
        <translation>%1 (SDK %2)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message numerus="yes">
        <source>%n cores</source>
        <translation>
            <numerusform>%n Kern</numerusform>
            <numerusform>%n Kerne</numerusform>
        </translation>
    </message>
    <message>
        <source>Thermal status</source>
        <translation>Thermischer Status</translation>
    </message>
    <message>
        <source>Temperatures</source>
        <translation>Temperaturen</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>Akku</translation>
    </message>
    <message>
        <source>current and voltage readable</source>
        <translation>Strom und Spannung lesbar</translation>
    </message>
    <message>
        <source>not readable</source>
        <translation>nicht lesbar</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>%1 (mask %2)</source>
        <translation>%1 (Maske %2)</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>none seen</source>
        <translation>keine gesehen</translation>
    </message>
    <message>
        <source>%1...</source>
        <translation>%1 ...</translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation>Wird gestartet ...</translation>
    </message>
    <message>
        <source>Cancelled: nothing was recorded.</source>
        <translation>Abgebrochen: Nichts wurde aufgezeichnet.</translation>
    </message>
    <message>
        <source>Mean %1 ms (p90 %2 ms) on %3%4.</source>
        <translation>Mittel %1 ms (p90 %2 ms) auf %3%4.</translation>
    </message>
    <message>
        <source>; throttled: %1</source>
        <translation>; gedrosselt: %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>none (comma-separated .so files pushed next to the runner)</source>
        <translation>keine (durch Kommas getrennte .so-Dateien, die neben das Messprogramm kopiert werden)</translation>
    </message>
    <message>
        <source>Runner</source>
        <translation>Messprogramm</translation>
    </message>
    <message>
        <source>Runner libraries</source>
        <translation>Bibliotheken des Messprogramms</translation>
    </message>
    <message>
        <source>Latency tables are timed with hlcnn-bench: choose it as the runner.</source>
        <translation>Latenztabellen werden mit hlcnn-bench gemessen: Wählen Sie es als Messprogramm.</translation>
    </message>
    <message>
        <source>speed_benchmark_torch is PyTorch&apos;s program: give its file (built for the phone) as the runner.</source>
        <translation>speed_benchmark_torch ist ein Programm von PyTorch: Geben Sie seine Datei (für das Telefon gebaut) als Messprogramm an.</translation>
    </message>
    <message>
        <source>chosen for the phone&apos;s ABI (arm64-v8a bundle, or this build&apos;s x86_64 hlcnn-bench)</source>
        <translation>passend zur ABI des Telefons gewählt (arm64-v8a-Paket oder das x86_64-hlcnn-bench dieses Builds)</translation>
    </message>
    <message>
        <source>The program that times the model on the phone: empty to let the profiler choose this build&apos;s runner for the phone&apos;s ABI; or a runner of your own, such as PyTorch&apos;s speed_benchmark_torch</source>
        <translation>Das Programm, das das Modell auf dem Telefon misst: leer, damit der Profiler das Messprogramm dieses Builds für die ABI des Telefons wählt; oder ein eigenes, etwa PyTorchs speed_benchmark_torch</translation>
    </message>
    <message>
        <source>Ran on: %1 runner, %2</source>
        <translation>Gelaufen auf: %1-Messprogramm, %2</translation>
    </message>
    <message>
        <source>Model file (.hlmp, .ptl)</source>
        <translation>Modelldatei (.hlmp, .ptl)</translation>
    </message>
    <message>
        <source>Models for phones (*.hlmp *.ptl);;Mobile programs (*.hlmp);;Lite-interpreter models (*.ptl)</source>
        <translation>Modelle für Smartphones (*.hlmp *.ptl);;Mobile Programme (*.hlmp);;Lite-Interpreter-Modelle (*.ptl)</translation>
    </message>
    <message>
        <source>Choose a .hlmp (or, for an x86_64 device, .ptl) model file (Runs area, Files tab, Export... writes one).</source>
        <translation>Wählen Sie eine .hlmp-Modelldatei (für ein x86_64-Gerät auch .ptl) (Bereich „Läufe“, Reiter „Dateien“, „Exportieren ...“ schreibt eine).</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Einheiten</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>Laufzeitumgebung</translation>
    </message>
    <message>
        <source>Warm-up + timed</source>
        <translation>Aufwärmen + gemessen</translation>
    </message>
    <message>
        <source>Models checked</source>
        <translation>Geprüfte Modelle</translation>
    </message>
    <message>
        <source>Within ±5 %</source>
        <translation>Innerhalb ±5 %</translation>
    </message>
    <message>
        <source>Within ±10 %</source>
        <translation>Innerhalb ±10 %</translation>
    </message>
    <message>
        <source>Latency tables of this device, and how well they predicted whole models</source>
        <translation>Latenztabellen dieses Geräts und wie gut sie ganze Modelle vorhersagten</translation>
    </message>
    <message>
        <source>%1 + %2</source>
        <translation>%1 + %2</translation>
    </message>
    <message>
        <source>%1 of %2 (%3 %)</source>
        <translation>%1 von %2 (%3 %)</translation>
    </message>
    <message>
        <source>Newest unit measured %1</source>
        <translation>Neueste Einheit gemessen %1</translation>
    </message>
    <message numerus="yes">
        <source>Latency table of %n unit(s) recorded for %1 (%2): predicted %3 ms; measured %4 ms, error of the prediction %5 %.</source>
        <translation>
            <numerusform>Latenztabelle mit %n Einheit für %1 (%2) aufgezeichnet: vorhergesagt %3 ms; gemessen %4 ms, Fehler der Vorhersage %5 %.</numerusform>
            <numerusform>Latenztabelle mit %n Einheiten für %1 (%2) aufgezeichnet: vorhergesagt %3 ms; gemessen %4 ms, Fehler der Vorhersage %5 %.</numerusform>
        </translation>
    </message>
    <message>
        <source>Times every unit the runner executes for the graph (its fused XNNPACK ops) inside the model&apos;s forwards on this device, with the threads, cores and forwards above, and the whole model to check the prediction; the designer predicts from it</source>
        <translation>Misst jede Einheit, die das Messprogramm für den Graphen ausführt (seine fusionierten XNNPACK-Operationen), innerhalb der Durchläufe des Modells auf diesem Gerät, mit den Threads, Kernen und Durchläufen oben, und das ganze Modell zur Prüfung der Vorhersage; der Designer sagt daraus vorher</translation>
    </message>
</context>
<context>
    <name>hlcnn::ExportDialog</name>
    <message>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <source>Best epoch (best.ckpt)</source>
        <translation>Beste Epoche (best.ckpt)</translation>
    </message>
    <message>
        <source>Last epoch (last.ckpt)</source>
        <translation>Letzte Epoche (last.ckpt)</translation>
    </message>
    <message>
        <source>Lite interpreter (.ptl), for phones</source>
        <translation>Lite-Interpreter (.ptl), für Smartphones</translation>
    </message>
    <message>
        <source>Frozen TorchScript (.pt), for the host</source>
        <translation>Eingefrorenes TorchScript (.pt), für diesen Rechner</translation>
    </message>
    <message>
        <source>ONNX (.onnx, opset 14, fp32)</source>
        <translation>ONNX (.onnx, Opset 14, fp32)</translation>
    </message>
    <message>
        <source>Quantize to int8 (post-training, calibrated on training images)</source>
        <translation>Nach int8 quantisieren (nach dem Training, auf Trainingsbildern kalibriert)</translation>
    </message>
    <message>
        <source> batches of 32 images</source>
        <translation> Batches zu 32 Bildern</translation>
    </message>
    <message>
        <source>QNNPACK (phones)</source>
        <translation>QNNPACK (Smartphones)</translation>
    </message>
    <message>
        <source>oneDNN (this host)</source>
        <translation>oneDNN (dieser Rechner)</translation>
    </message>
    <message>
        <source>Measure top-1 on the data&apos;s test images</source>
        <translation>Top-1 auf den Testbildern der Daten messen</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen ...</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Calibration data</source>
        <translation>Kalibrierdaten</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>Write to</source>
        <translation>Schreiben nach</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>ONNX files are fp32. The accuracy shown afterwards is that of the file as OpenCV&apos;s DNN module runs it.</source>
        <translation>ONNX-Dateien sind fp32. Die danach gezeigte Genauigkeit ist die der Datei, wie OpenCVs DNN-Modul sie ausführt.</translation>
    </message>
    <message>
        <source>The int8 report gives fp32 and int8 top-1, the size of both files and the error at each block.</source>
        <translation>Der int8-Bericht nennt Top-1 in fp32 und int8, die Größe beider Dateien und den Fehler an jedem Block.</translation>
    </message>
    <message>
        <source>Choose where to write the file.</source>
        <translation>Wählen Sie, wohin die Datei geschrieben wird.</translation>
    </message>
    <message>
        <source>%1 is a folder; choose a file name.</source>
        <translation>%1 ist ein Ordner; wählen Sie einen Dateinamen.</translation>
    </message>
    <message>
        <source>The folder of %1 does not exist.</source>
        <translation>Der Ordner von %1 existiert nicht.</translation>
    </message>
    <message>
        <source>That is the checkpoint itself; choose another file.</source>
        <translation>Das ist der Checkpoint selbst; wählen Sie eine andere Datei.</translation>
    </message>
    <message>
        <source>int8 needs calibration data.</source>
        <translation>int8 braucht Kalibrierdaten.</translation>
    </message>
    <message>
        <source>Mobile program (.hlmp, XNNPACK), for arm64 phones</source>
        <translation>Mobiles Programm (.hlmp, XNNPACK), für arm64-Smartphones</translation>
    </message>
</context>
<context>
    <name>hlcnn::ExportReport</name>
    <message>
        <source>The recorded description cannot be read.</source>
        <translation>Die gespeicherte Beschreibung ist nicht lesbar.</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>Dateigröße</translation>
    </message>
    <message>
        <source>fp32 file size</source>
        <translation>Dateigröße fp32</translation>
    </message>
    <message>
        <source>Size ratio fp32 / int8</source>
        <translation>Größenverhältnis fp32 / int8</translation>
    </message>
    <message>
        <source>%1 test images of %2</source>
        <translation>%1 Testbilder von %2</translation>
    </message>
    <message>
        <source>Measured on</source>
        <translation>Gemessen auf</translation>
    </message>
    <message>
        <source>fp32 top-1 / top-5 %</source>
        <translation>fp32 Top-1 / Top-5 %</translation>
    </message>
    <message>
        <source>int8 top-1 / top-5 %</source>
        <translation>int8 Top-1 / Top-5 %</translation>
    </message>
    <message>
        <source>int8 - fp32 top-1</source>
        <translation>Top-1 int8 - fp32</translation>
    </message>
    <message>
        <source> points</source>
        <translation> Punkte</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>not measured (the export was asked not to evaluate)</source>
        <translation>nicht gemessen (der Export sollte nicht auswerten)</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>Aktivierungen</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <source>%1 batches, %2 images of %3</source>
        <translation>%1 Batches, %2 Bilder von %3</translation>
    </message>
    <message>
        <source>Ops left in float</source>
        <translation>In Gleitkomma belassene Operationen</translation>
    </message>
    <message>
        <source>none: every op runs in int8</source>
        <translation>keine: jede Operation läuft in int8</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>Error at each block (SQNR of the int8 output against fp32; higher is better)</source>
        <translation>Fehler in jedem Block (SQNR der int8-Ausgabe gegen fp32; höher ist besser)</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>Block</translation>
    </message>
    <message>
        <source>SQNR (dB)</source>
        <translation>SQNR (dB)</translation>
    </message>
    <message>
        <source>exact</source>
        <translation>exakt</translation>
    </message>
</context>
<context>
    <name>hlcnn::LauncherDialog</name>
    <message>
        <source>Train %1</source>
        <translation>%1 trainieren</translation>
    </message>
    <message>
        <source>CIFAR-10 (binary batches)</source>
        <translation>CIFAR-10 (Binär-Batches)</translation>
    </message>
    <message>
        <source>CIFAR-100 (binary)</source>
        <translation>CIFAR-100 (binär)</translation>
    </message>
    <message>
        <source>Image folders (one per class)</source>
        <translation>Bildordner (einer je Klasse)</translation>
    </message>
    <message>
        <source>IDX (MNIST layout)</source>
        <translation>IDX (MNIST-Layout)</translation>
    </message>
    <message>
        <source>Folder holding the data</source>
        <translation>Ordner mit den Daten</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen ...</translation>
    </message>
    <message>
        <source>as found</source>
        <translation>wie vorgefunden</translation>
    </message>
    <message>
        <source>Image folders are resized to this size (square); other layouts have a fixed size</source>
        <translation>Bildordner werden auf diese Größe skaliert (quadratisch); andere Layouts haben eine feste Größe</translation>
    </message>
    <message>
        <source>Choose the data to preview it.</source>
        <translation>Wählen Sie die Daten, um sie anzusehen.</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation>Layout:</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Ort:</translation>
    </message>
    <message>
        <source>Image size:</source>
        <translation>Bildgröße:</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Eigenes</translation>
    </message>
    <message>
        <source>Paper recipe (Adam, lr 1e-3, batch 64, 100 epochs)</source>
        <translation>Rezept des Papers (Adam, lr 1e-3, Batch 64, 100 Epochen)</translation>
    </message>
    <message>
        <source>Fast CPU recipe (AdamW one-cycle, 16 epochs; docs/training.md)</source>
        <translation>Schnelles CPU-Rezept (AdamW One-Cycle, 16 Epochen; docs/training.md)</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Vorlage:</translation>
    </message>
    <message>
        <source>Repeat with seeds:</source>
        <translation>Mit Seeds wiederholen:</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>Rezept</translation>
    </message>
    <message>
        <source>next to the experiment database (checkpoints/run-ID)</source>
        <translation>neben der Experiment-Datenbank (checkpoints/run-ID)</translation>
    </message>
    <message>
        <source>e.g. baseline ablation (separated by spaces)</source>
        <translation>z. B. baseline ablation (durch Leerzeichen getrennt)</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Project:</source>
        <translation>Projekt:</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Tags:</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>Ausgabeordner:</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Aufzeichnung</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>In Warteschlange</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <source>one run</source>
        <translation>ein Lauf</translation>
    </message>
    <message>
        <source>%1 runs, seeds %2-%3, tagged as one seed group</source>
        <translation>%1 Läufe, Seeds %2-%3, als eine Seed-Gruppe markiert</translation>
    </message>
    <message>
        <source>Loading %1 ...</source>
        <translation>%1 wird geladen ...</translation>
    </message>
    <message>
        <source>&lt;b&gt;Model:&lt;/b&gt; %1, input %2</source>
        <translation>&lt;b&gt;Modell:&lt;/b&gt; %1, Eingabe %2</translation>
    </message>
    <message>
        <source>, %1 parameters, %2 M MACs</source>
        <translation>, %1 Parameter, %2 M MACs</translation>
    </message>
    <message>
        <source> (invalid: %1)</source>
        <translation> (ungültig: %1)</translation>
    </message>
    <message>
        <source>&lt;br&gt;A zoo model: its input and classifier follow the data.</source>
        <translation>&lt;br&gt;Ein Zoo-Modell: Eingabe und Klassifikator richten sich nach den Daten.</translation>
    </message>
    <message>
        <source>%1: %2 training and %3 test images, %4 classes, images %5x%6x%7 (input shape [%5, %6, %7])</source>
        <translation>%1: %2 Trainings- und %3 Testbilder, %4 Klassen, Bilder %5x%6x%7 (Eingabeform [%5, %6, %7])</translation>
    </message>
    <message>
        <source>; %1 unreadable file(s) skipped</source>
        <translation>; %1 unlesbare Datei(en) übersprungen</translation>
    </message>
    <message>
        <source>training image %1</source>
        <translation>Trainingsbild %1</translation>
    </message>
    <message>
        <source>The model and the data disagree: %1</source>
        <translation>Modell und Daten passen nicht zusammen: %1</translation>
    </message>
    <message>
        <source>The model fits the data.</source>
        <translation>Das Modell passt zu den Daten.</translation>
    </message>
    <message>
        <source>No data loaded yet</source>
        <translation>Noch keine Daten geladen</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Choose the data to estimate the time.</source>
        <translation>Daten wählen, um die Zeit zu schätzen.</translation>
    </message>
    <message>
        <source>Estimated time:</source>
        <translation>Geschätzte Zeit:</translation>
    </message>
    <message>
        <source>measuring a few training steps of this model here...</source>
        <translation>misst einige Trainingsschritte dieses Modells hier...</translation>
    </message>
    <message>
        <source>cannot time this model: %1</source>
        <translation>dieses Modell lässt sich nicht messen: %1</translation>
    </message>
    <message>
        <source>about %1 per epoch (%2 steps x %3 ms measured, + %4 to evaluate the test set)</source>
        <translation>etwa %1 pro Epoche (%2 Schritte x %3 ms gemessen, + %4 für die Auswertung der Testmenge)</translation>
    </message>
    <message numerus="yes">
        <source>about %1 for %n epoch(s)</source>
        <translation>
            <numerusform>etwa %1 für %n Epoche</numerusform>
            <numerusform>etwa %1 für %n Epochen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 for all %2 seeds, one after another</source>
        <translation>%1 für alle %2 Seeds nacheinander</translation>
    </message>
    <message numerus="yes">
        <source>(%n thread(s), this machine, now)</source>
        <translation>
            <numerusform>(%n Thread, dieser Rechner, jetzt)</numerusform>
            <numerusform>(%n Threads, dieser Rechner, jetzt)</numerusform>
        </translation>
    </message>
</context>
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
    <message>
        <source>Designer</source>
        <translation>Designer</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>Profiler</source>
        <translation>Profiler</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Meldungen</translation>
    </message>
    <message>
        <source>%1[*] - HL-CNN Workbench</source>
        <translation>%1[*] - HL-CNN Workbench</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>unbenannt</translation>
    </message>
    <message>
        <source>Cannot open the run&apos;s graph: %1</source>
        <translation>Der Graph des Laufs kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>&amp;New graph</source>
        <translation>&amp;Neuer Graph</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Save graph</source>
        <translation>Graph &amp;speichern</translation>
    </message>
    <message>
        <source>Save graph &amp;as...</source>
        <translation>Graph speichern &amp;unter ...</translation>
    </message>
    <message>
        <source>Export &amp;canvas (PNG/SVG)...</source>
        <translation>&amp;Leinwand exportieren (PNG/SVG) ...</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>&amp;Train this model...</source>
        <translation>Dieses Modell &amp;trainieren ...</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>Änderungen verwerfen?</translation>
    </message>
    <message>
        <source>The graph in the designer has unsaved changes. Discard them?</source>
        <translation>Der Graph im Designer hat ungespeicherte Änderungen. Verwerfen?</translation>
    </message>
    <message>
        <source>Save graph</source>
        <translation>Graph speichern</translation>
    </message>
    <message>
        <source>HL-CNN graphs (*.hlcnn.json)</source>
        <translation>HL-CNN-Graphen (*.hlcnn.json)</translation>
    </message>
    <message>
        <source>Save failed</source>
        <translation>Speichern fehlgeschlagen</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Export canvas</source>
        <translation>Leinwand exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <source>The graph is invalid; fix the highlighted nodes first.</source>
        <translation>Der Graph ist ungültig; korrigieren Sie zuerst die markierten Knoten.</translation>
    </message>
    <message>
        <source>Runs are training</source>
        <translation>Läufe trainieren</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) of this window are queued or training. Stop them (their checkpoints are kept and they can be resumed) and quit?</source>
        <translation>
            <numerusform>%n Lauf dieses Fensters wartet oder trainiert. Anhalten (die Checkpoints bleiben, er kann fortgesetzt werden) und beenden?</numerusform>
            <numerusform>%n Läufe dieses Fensters warten oder trainieren. Anhalten (die Checkpoints bleiben, sie können fortgesetzt werden) und beenden?</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopping the runs at their next batch boundary...</source>
        <translation>Die Läufe halten an ihrer nächsten Batch-Grenze an ...</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>&amp;Ablate the selected block&apos;s options...</source>
        <translation>&amp;Optionen des gewählten Blocks ablatieren...</translation>
    </message>
    <message>
        <source>Train variants of the designed graph that differ only in the selected HL-CNN block&apos;s attention, SE reduction or fusion, as one sweep</source>
        <translation>Varianten des entworfenen Graphen trainieren, die sich nur in Attention, SE-Reduktion oder Fusion des gewählten HL-CNN-Blocks unterscheiden, als ein Sweep</translation>
    </message>
    <message>
        <source>Select one HL-CNN block in the designer to ablate its options.</source>
        <translation>Im Designer genau einen HL-CNN-Block auswählen, um seine Optionen zu ablatieren.</translation>
    </message>
    <message>
        <source>Re&amp;vert to saved</source>
        <translation>&amp;Zurück zur gespeicherten Fassung</translation>
    </message>
    <message>
        <source>Revert to saved?</source>
        <translation>Zur gespeicherten Fassung zurückkehren?</translation>
    </message>
    <message>
        <source>Drop the changes since %1 was last saved?</source>
        <translation>Die Änderungen seit dem letzten Speichern von %1 verwerfen?</translation>
    </message>
    <message>
        <source>Cannot revert</source>
        <translation>Zurückkehren nicht möglich</translation>
    </message>
    <message>
        <source>Reverted to %1</source>
        <translation>Zurückgekehrt zu %1</translation>
    </message>
    <message>
        <source>%1 no longer exists; it was removed from the recent files</source>
        <translation>%1 existiert nicht mehr; die Datei wurde aus den zuletzt geöffneten entfernt</translation>
    </message>
    <message>
        <source>%1 does not exist</source>
        <translation>%1 existiert nicht</translation>
    </message>
    <message>
        <source>Pick a model from the zoo (it opens in the designer and the profiler), drag ops from the palette, or open a graph file.</source>
        <translation>Ein Modell aus dem Zoo wählen (es öffnet sich im Designer und im Profiler), Operationen aus der Palette ziehen oder eine Graphdatei öffnen.</translation>
    </message>
    <message>
        <source>Re&amp;name model...</source>
        <translation>Modell &amp;umbenennen...</translation>
    </message>
    <message>
        <source>Rename model</source>
        <translation>Modell umbenennen</translation>
    </message>
    <message>
        <source>Model name (files, runs and reports use it):</source>
        <translation>Modellname (Dateien, Läufe und Berichte verwenden ihn):</translation>
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
        <translation>Stamm:</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>Klassen:</translation>
    </message>
    <message>
        <source>Width:</source>
        <translation>Breite:</translation>
    </message>
    <message>
        <source>Train this zoo model...</source>
        <translation>Dieses Zoo-Modell trainieren ...</translation>
    </message>
    <message>
        <source>Open the training launcher; the model&apos;s input and classifier follow the data</source>
        <translation>Den Trainingsstarter öffnen; Eingabe und Klassifikator des Modells richten sich nach den Daten</translation>
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
        <translation>Op</translation>
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
        <translation>Andere Ops</translation>
    </message>
    <message>
        <source>Activations (KiB)</source>
        <translation>Aktivierungen (KiB)</translation>
    </message>
    <message>
        <source>FLOP/byte</source>
        <translation>FLOP/Byte</translation>
    </message>
    <message numerus="yes">
        <source>%n flagged layer(s)</source>
        <translation>
            <numerusform>%n markierte Schicht</numerusform>
            <numerusform>%n markierte Schichten</numerusform>
        </translation>
    </message>
    <message>
        <source>Time (ms)</source>
        <translation>Zeit (ms)</translation>
    </message>
    <message>
        <source>Time share</source>
        <translation>Zeitanteil</translation>
    </message>
    <message>
        <source>Slower than its MACs say</source>
        <translation>Langsamer, als seine MACs sagen</translation>
    </message>
    <message>
        <source>fused into %1</source>
        <translation>verschmolzen in %1</translation>
    </message>
    <message>
        <source>nothing to run</source>
        <translation>nichts auszuführen</translation>
    </message>
    <message>
        <source>fused into %1 (its time is counted there)</source>
        <translation>verschmolzen in %1 (seine Zeit zählt dort)</translation>
    </message>
    <message>
        <source>nothing to run on this runtime (an identity or a view at inference)</source>
        <translation>auf dieser Laufzeit nichts auszuführen (bei der Inferenz eine Identität oder eine Sicht)</translation>
    </message>
    <message>
        <source>fused</source>
        <translation>verschmolzen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
</context>
<context>
    <name>hlcnn::ProfileView</name>
    <message>
        <source>Blocks (top-level nodes)</source>
        <translation>Blöcke (Knoten der obersten Ebene)</translation>
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
        <translation>Parameter %1 (%2 M)  |  MACs %3 (%4 M)  |  FLOPs (2 x MACs) %5 M + %6 M andere Ops  |  Spitzen-Aktivierungen %7 KiB  |  Größe %8 MB fp32, %9 MB int8</translation>
    </message>
    <message>
        <source>Measure time</source>
        <translation>Zeit messen</translation>
    </message>
    <message>
        <source>Timing failed: %1</source>
        <translation>Zeitmessung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Time the forward pass layer by layer on this machine (batch 1) on the runtime chosen beside it</source>
        <translation>Den Vorwärtsdurchlauf Schicht für Schicht auf diesem Rechner messen (Batch 1), auf der daneben gewählten Laufzeit</translation>
    </message>
    <message>
        <source>LibTorch eager</source>
        <translation>LibTorch eager</translation>
    </message>
    <message>
        <source>The trainer&apos;s modules, op by op: each layer timed on its own</source>
        <translation>Die Module des Trainers, Op für Op: jede Schicht einzeln gemessen</translation>
    </message>
    <message>
        <source>Native (fused oneDNN)</source>
        <translation>Nativ (verschmolzenes oneDNN)</translation>
    </message>
    <message>
        <source>Our inference program: batch norm, activations and residual adds fused into the convolutions; each fused step&apos;s time is shown on its convolution</source>
        <translation>Unser Inferenzprogramm: Batch-Norm, Aktivierungen und Residual-Additionen in die Faltungen verschmolzen; die Zeit jedes verschmolzenen Schritts steht bei seiner Faltung</translation>
    </message>
    <message numerus="yes">
        <source>Timing each layer on %1 (batch 1, %n thread(s))...</source>
        <translation>
            <numerusform>Messe jede Schicht auf %1 (Batch 1, %n Thread)...</numerusform>
            <numerusform>Messe jede Schicht auf %1 (Batch 1, %n Threads)...</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>native, %n fused step(s)</source>
        <translation>
            <numerusform>nativ, %n verschmolzener Schritt</numerusform>
            <numerusform>nativ, %n verschmolzene Schritte</numerusform>
        </translation>
    </message>
    <message>
        <source>Measured on %1: forward %2 ms (median of %3, batch 1, %4 thread(s)); the %5 add up to %6 ms. %7 layer(s) take at least 2 % of the time and more than twice their share of MACs (highlighted).</source>
        <translation>Gemessen auf %1: Vorwärtsdurchlauf %2 ms (Median von %3, Batch 1, %4 Thread(s)); die %5 ergeben zusammen %6 ms. %7 Schicht(en) brauchen mindestens 2 % der Zeit und mehr als das Doppelte ihres MAC-Anteils (hervorgehoben).</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>Schichten</translation>
    </message>
</context>
<context>
    <name>hlcnn::RecipeForm</name>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>Optimierer</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>Momentum</translation>
    </message>
    <message>
        <source>Nesterov momentum</source>
        <translation>Nesterov-Momentum</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>Weight Decay</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>Step every</source>
        <translation>Stufe alle (Epochen)</translation>
    </message>
    <message>
        <source>Step factor</source>
        <translation>Stufenfaktor</translation>
    </message>
    <message>
        <source>Warm-up epochs</source>
        <translation>Aufwärm-Epochen</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>Label Smoothing</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>Gradientenbegrenzung</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>Geduld</translation>
    </message>
    <message>
        <source>Crop padding</source>
        <translation>Rand für Zuschnitt</translation>
    </message>
    <message>
        <source>Padding mode</source>
        <translation>Randart</translation>
    </message>
    <message>
        <source>Horizontal flip</source>
        <translation>Horizontal spiegeln</translation>
    </message>
    <message>
        <source>Cutout</source>
        <translation>Cutout</translation>
    </message>
    <message>
        <source>Normalise</source>
        <translation>Normalisieren</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>Trainingsbilder</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>Loader workers</source>
        <translation>Lade-Threads</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Memory format</source>
        <translation>Speicherlayout</translation>
    </message>
    <message>
        <source>More settings</source>
        <translation>Weitere Einstellungen</translation>
    </message>
    <message>
        <source>its share of the core budget</source>
        <translation>sein Anteil am Kernbudget</translation>
    </message>
    <message>
        <source>all images</source>
        <translation>alle Bilder</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
</context>
<context>
    <name>hlcnn::RunDetail</name>
    <message>
        <source>Open graph in the designer</source>
        <translation>Graph im Designer öffnen</translation>
    </message>
    <message>
        <source>top-1 %</source>
        <translation>Top-1 %</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>Konfusionsmatrix</translation>
    </message>
    <message>
        <source>Per-class accuracy</source>
        <translation>Genauigkeit je Klasse</translation>
    </message>
    <message>
        <source>Find misclassified test images</source>
        <translation>Falsch klassifizierte Testbilder suchen</translation>
    </message>
    <message>
        <source>Misclassified</source>
        <translation>Falsch klassifiziert</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Evaluating the best checkpoint...</source>
        <translation>Der beste Checkpoint wird ausgewertet ...</translation>
    </message>
    <message>
        <source>Cannot evaluate: %1</source>
        <translation>Auswertung nicht möglich: %1</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a run to see its record, recipe, confusion matrix and files.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Wählen Sie einen Lauf, um Aufzeichnung, Rezept, Konfusionsmatrix und Dateien zu sehen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>, %1 parameters, %2 M MACs</source>
        <translation>, %1 Parameter, %2 M MACs</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>Bester</translation>
    </message>
    <message>
        <source>val top-1 %1 % (top-5 %2 %) at epoch %3</source>
        <translation>Val-Top-1 %1 % (Top-5 %2 %) in Epoche %3</translation>
    </message>
    <message>
        <source>Project / tags</source>
        <translation>Projekt / Tags</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Programm</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>Rezept</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Epoch %1 (best val top-1 %2 %), %3 test images; rows: true class</source>
        <translation>Epoche %1 (beste Val-Top-1 %2 %), %3 Testbilder; Zeilen: wahre Klasse</translation>
    </message>
    <message>
        <source>created %1: %2 on %3</source>
        <translation>erstellt %1: %2 auf %3</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>Exportieren...</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>Export abbrechen</translation>
    </message>
    <message>
        <source>Exporting to %1...</source>
        <translation>Exportiere nach %1...</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>Export abgebrochen; nichts wurde geschrieben.</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Wrote %1 (%2).</source>
        <translation>%1 geschrieben (%2).</translation>
    </message>
    <message>
        <source>Top-1 on %1: fp32 %2 %, int8 %3 %.</source>
        <translation>Top-1 auf %1: fp32 %2 %, int8 %3 %.</translation>
    </message>
    <message>
        <source>Top-1 on %1: %2 %.</source>
        <translation>Top-1 auf %1: %2 %.</translation>
    </message>
    <message>
        <source>wrote the file but could not record it: %1</source>
        <translation>Datei geschrieben, aber nicht eingetragen: %1</translation>
    </message>
    <message>
        <source>Exports</source>
        <translation>Exporte</translation>
    </message>
    <message>
        <source>Evaluates the best checkpoint on the test set and shows the images it gets wrong, most confident first, by true and predicted class.</source>
        <translation>Wertet den besten Checkpoint auf der Testmenge aus und zeigt die falsch erkannten Bilder, die sichersten zuerst, nach wahrer und vorhergesagter Klasse.</translation>
    </message>
    <message>
        <source>any true class</source>
        <translation>jede wahre Klasse</translation>
    </message>
    <message>
        <source>any prediction</source>
        <translation>jede Vorhersage</translation>
    </message>
    <message>
        <source>True:</source>
        <translation>Wahr:</translation>
    </message>
    <message>
        <source>Predicted:</source>
        <translation>Vorhergesagt:</translation>
    </message>
    <message>
        <source>#%1 true: %2
predicted: %3 (%4 %)</source>
        <translation>#%1 wahr: %2
vorhergesagt: %3 (%4 %)</translation>
    </message>
    <message numerus="yes">
        <source>Best checkpoint: top-1 %1 % on %2 test images; %3 of them misclassified, %4 match the filters, the %n most confident shown:</source>
        <translation>
            <numerusform>Bester Checkpoint: Top-1 %1 % auf %2 Testbildern; %3 davon falsch erkannt, %4 passen zu den Filtern, das sicherste gezeigt:</numerusform>
            <numerusform>Bester Checkpoint: Top-1 %1 % auf %2 Testbildern; %3 davon falsch erkannt, %4 passen zu den Filtern, die %n sichersten gezeigt:</numerusform>
        </translation>
    </message>
    <message>
        <source>Write the run&apos;s model as a deployable file: .hlmp or .ptl for phones, .pt for the host, .onnx; fp32 or int8</source>
        <translation>Das Modell des Laufs als einsetzbare Datei schreiben: .hlmp oder .ptl für Smartphones, .pt für diesen Rechner, .onnx; fp32 oder int8</translation>
    </message>
    <message>
        <source>No exports yet: Files &gt; Export... writes the run as .hlmp, .ptl, .pt or .onnx, fp32 or int8.</source>
        <translation>Noch keine Exporte: Dateien &gt; Exportieren... schreibt den Lauf als .hlmp, .ptl, .pt oder .onnx, fp32 oder int8.</translation>
    </message>
</context>
<context>
    <name>hlcnn::RunsView</name>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Epoch · step</source>
        <translation>Epoche · Schritt</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Images/s</source>
        <translation>Bilder/s</translation>
    </message>
    <message>
        <source>Best top-1 %</source>
        <translation>Beste Top-1 %</translation>
    </message>
    <message>
        <source>Last top-1 %</source>
        <translation>Letzte Top-1 %</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>MACs (M)</source>
        <translation>MACs (M)</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Pause at the next batch boundary</source>
        <translation>An der nächsten Batch-Grenze pausieren</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Continue a paused run</source>
        <translation>Einen pausierten Lauf fortsetzen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Stop at the next batch boundary: cancelled, checkpoint kept</source>
        <translation>An der nächsten Batch-Grenze anhalten: abgebrochen, Checkpoint bleibt</translation>
    </message>
    <message>
        <source>Clone...</source>
        <translation>Klonen ...</translation>
    </message>
    <message>
        <source>Open the launcher with this run&apos;s model, data and recipe</source>
        <translation>Den Starter mit Modell, Daten und Rezept dieses Laufs öffnen</translation>
    </message>
    <message>
        <source>Resume from checkpoint</source>
        <translation>Ab Checkpoint fortsetzen</translation>
    </message>
    <message>
        <source>Continue an interrupted, cancelled or failed run from its last checkpoint</source>
        <translation>Einen unterbrochenen, abgebrochenen oder fehlgeschlagenen Lauf ab seinem letzten Checkpoint fortsetzen</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Open the run&apos;s checkpoint folder</source>
        <translation>Den Checkpoint-Ordner des Laufs öffnen</translation>
    </message>
    <message>
        <source>Delete...</source>
        <translation>Löschen ...</translation>
    </message>
    <message>
        <source>Delete the record, then its files</source>
        <translation>Erst die Aufzeichnung, dann die Dateien löschen</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Compare the selected runs side by side: curves, table, Pareto plot, architecture diff</source>
        <translation>Die ausgewählten Läufe nebeneinander vergleichen: Kurven, Tabelle, Pareto-Diagramm, Architekturvergleich</translation>
    </message>
    <message>
        <source>How many runs of this window train at once; the others wait in the queue</source>
        <translation>Wie viele Läufe dieses Fensters gleichzeitig trainieren; die übrigen warten in der Warteschlange</translation>
    </message>
    <message>
        <source>Threads all runs of this window may use together (this machine has %1)</source>
        <translation>Threads, die alle Läufe dieses Fensters zusammen nutzen dürfen (dieser Rechner hat %1)</translation>
    </message>
    <message>
        <source>Runs at once:</source>
        <translation>Läufe gleichzeitig:</translation>
    </message>
    <message>
        <source>Core budget:</source>
        <translation>Kernbudget:</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>Kurven</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Runs are still training into %1; stop them before switching databases.</source>
        <translation>Es trainieren noch Läufe in %1; halten Sie sie an, bevor Sie die Datenbank wechseln.</translation>
    </message>
    <message>
        <source>%1: %2%3</source>
        <translation>%1: %2%3</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) in %1</source>
        <translation>
            <numerusform>%n Lauf in %1</numerusform>
            <numerusform>%n Läufe in %1</numerusform>
        </translation>
    </message>
    <message>
        <source> · this window: %1 queued or training, %2 of %3 threads in use</source>
        <translation> · dieses Fenster: %1 wartend oder trainierend, %2 von %3 Threads belegt</translation>
    </message>
    <message>
        <source>Nothing queued: %1</source>
        <translation>Nichts in die Warteschlange gestellt: %1</translation>
    </message>
    <message numerus="yes">
        <source>Queued %n run(s)</source>
        <translation>
            <numerusform>%n Lauf eingereiht</numerusform>
            <numerusform>%n Läufe eingereiht</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot clone run %1: %2</source>
        <translation>Lauf %1 kann nicht geklont werden: %2</translation>
    </message>
    <message>
        <source>Resuming run %1 from its last checkpoint</source>
        <translation>Lauf %1 wird ab seinem letzten Checkpoint fortgesetzt</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>Läufe löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s) and their checkpoint files?

%1</source>
        <translation>
            <numerusform>%n Lauf und seine Checkpoint-Dateien löschen?

%1</numerusform>
            <numerusform>%n Läufe und ihre Checkpoint-Dateien löschen?

%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>Sweep</translation>
    </message>
    <message>
        <source>sweep %1</source>
        <translation>Sweep %1</translation>
    </message>
    <message>
        <source>S%1</source>
        <translation>S%1</translation>
    </message>
    <message>
        <source>%1 (sweep, %2 runs)</source>
        <translation>%1 (Sweep, %2 Läufe)</translation>
    </message>
    <message>
        <source>Double-click to show or hide the sweep&apos;s runs; select it for its grid</source>
        <translation>Doppelklick zeigt oder verbirgt die Läufe des Sweeps; auswählen zeigt sein Raster</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>%1/%2 completed</source>
        <translation>%1/%2 abgeschlossen</translation>
    </message>
    <message>
        <source>Slurm job %1</source>
        <translation>Slurm-Job %1</translation>
    </message>
    <message>
        <source>local</source>
        <translation>lokal</translation>
    </message>
    <message>
        <source>Select one HL-CNN block in the designer to ablate its options.</source>
        <translation>Im Designer genau einen HL-CNN-Block auswählen, um seine Optionen zu ablatieren.</translation>
    </message>
    <message>
        <source>Queued a sweep of %1 runs: %2 variants of block %3 x %4 seed(s)</source>
        <translation>Sweep mit %1 Läufen eingereiht: %2 Varianten von Block %3 x %4 Seed(s)</translation>
    </message>
    <message>
        <source>Stop runs?</source>
        <translation>Läufe stoppen?</translation>
    </message>
    <message numerus="yes">
        <source>Stop %n run(s) at the next batch boundary? Each keeps a checkpoint of the step it stopped at; Resume from checkpoint continues it from there.</source>
        <translation>
            <numerusform>%n Lauf an der nächsten Batch-Grenze stoppen? Er behält einen Checkpoint des Schritts, bei dem er stoppt; „Ab Checkpoint fortsetzen“ macht dort weiter.</numerusform>
            <numerusform>%n Läufe an der nächsten Batch-Grenze stoppen? Jeder behält einen Checkpoint des Schritts, bei dem er stoppt; „Ab Checkpoint fortsetzen“ macht dort weiter.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hlcnn::SweepGrid</name>
    <message>
        <source>Compare these runs</source>
        <translation>Diese Läufe vergleichen</translation>
    </message>
    <message>
        <source>Open every run of the sweep in Compare: curves, table, Pareto plot</source>
        <translation>Alle Läufe des Sweeps im Vergleich öffnen: Kurven, Tabelle, Pareto-Diagramm</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Best val top-1 % (mean ± std)</source>
        <translation>Beste Val-Top-1 % (Mittel ± Std.-Abw.)</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>MACs (M)</source>
        <translation>MACs (M)</translation>
    </message>
    <message>
        <source>%1 (one run)</source>
        <translation>%1 (ein Lauf)</translation>
    </message>
    <message>
        <source>Per seed: %1</source>
        <translation>Je Seed: %1</translation>
    </message>
    <message>
        <source>Sweep %1 “%2”: %3 cells, %4 of %5 runs completed (%6%7)</source>
        <translation>Sweep %1 „%2“: %3 Zellen, %4 von %5 Läufen abgeschlossen (%6%7)</translation>
    </message>
    <message>
        <source>Slurm job %1</source>
        <translation>Slurm-Job %1</translation>
    </message>
    <message>
        <source>local</source>
        <translation>lokal</translation>
    </message>
    <message>
        <source>, folder %1</source>
        <translation>, Ordner %1</translation>
    </message>
</context>
<context>
    <name>hlcnn::TrainingCurves</name>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Top-1 accuracy %</source>
        <translation>Top-1-Genauigkeit %</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Images/s</source>
        <translation>Bilder/s</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>Wanduhrzeit</translation>
    </message>
    <message>
        <source>No smoothing</source>
        <translation>Keine Glättung</translation>
    </message>
    <message>
        <source>EMA (de-biased)</source>
        <translation>EMA (bias-korrigiert)</translation>
    </message>
    <message>
        <source>Centred moving average</source>
        <translation>Zentrierter gleitender Mittelwert</translation>
    </message>
    <message>
        <source>EMA weight (0-0.999) or moving-average window in points</source>
        <translation>EMA-Gewicht (0-0,999) oder Fenster des gleitenden Mittels in Punkten</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>Log-Skala</translation>
    </message>
    <message>
        <source>Top-5</source>
        <translation>Top-5</translation>
    </message>
    <message>
        <source>X axis:</source>
        <translation>X-Achse:</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>wall time</source>
        <translation>Wanduhrzeit</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>images/s</source>
        <translation>Bilder/s</translation>
    </message>
    <message>
        <source>val loss</source>
        <translation>Val-Verlust</translation>
    </message>
    <message>
        <source>train top-1</source>
        <translation>Trainings-Top-1</translation>
    </message>
    <message>
        <source>val top-1</source>
        <translation>Val-Top-1</translation>
    </message>
    <message>
        <source>val top-5</source>
        <translation>Val-Top-5</translation>
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
