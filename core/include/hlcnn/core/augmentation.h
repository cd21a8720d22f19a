// Training-time image augmentation settings (kept apart from the loader so that headers which
// describe a run, like trainer.h, stay free of LibTorch).
#pragma once

namespace hlcnn {

struct Augmentation {
    int cropPadding = 0;         // random crop after padding by this many pixels
    bool reflectPadding = false; // pad by reflection instead of zeros
    bool horizontalFlip = false;
    int cutout = 0;              // side of a random square zeroed after normalisation (0: off)
};

}  // namespace hlcnn
