// Ops that combine or regroup channels: add, concat, channel_shuffle, channel_split.
#include "op_helpers.h"
#include "hlcnn/core/messages.h"

namespace hlcnn::ops {

void defineMergeOps(std::vector<OpSchema>& ops) {
    {
        OpSchema s = primitive("add", "Merge", "elementwise sum of equally shaped inputs (residual)");
        s.minInputs = 2;
        s.maxInputs = -1;
        s.infer = [](const OpContext& ctx) {
            for (std::size_t i = 1; i < ctx.inputs.size(); ++i)
                if (ctx.inputs[i] != ctx.inputs[0])
                    throw OpError(say(msg::kAddShapes, {ctx.inputs[0].toString(), std::to_string(i), ctx.inputs[i].toString()}));
            return ctx.inputs[0];
        };
        s.cost = [](const OpContext& ctx, const TensorShape& out) {
            return OpCost{0, std::int64_t(ctx.inputs.size() - 1) * out.numel()};
        };
        s.lower = [](LoweringContext& c) {
            Value sum = c.ops.add(c.input(0), c.input(1));
            for (std::size_t i = 2; i < c.inputs.size(); ++i) sum = c.ops.add(sum, c.input(i));
            return sum;
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = primitive("concat", "Merge", "concatenate feature maps along channels");
        s.minInputs = 2;
        s.maxInputs = -1;
        s.infer = [](const OpContext& ctx) {
            std::int64_t c = 0;
            for (std::size_t i = 0; i < ctx.inputs.size(); ++i) {
                requireMap(ctx, i);
                if (ctx.inputs[i].height() != ctx.inputs[0].height() || ctx.inputs[i].width() != ctx.inputs[0].width())
                    throw OpError(say(msg::kConcatSpatial, {ctx.inputs[0].toString(), std::to_string(i), ctx.inputs[i].toString()}));
                c += ctx.inputs[i].channels();
            }
            return TensorShape{{c, ctx.inputs[0].height(), ctx.inputs[0].width()}};
        };
        s.cost = noCost;
        s.lower = [](LoweringContext& c) { return c.ops.cat(c.inputs, 1); };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = primitive("channel_shuffle", "Merge", "interleave channel groups (ShuffleNet)");
        s.attrs = {intAttr("groups", 2, 1, kMaxChannels, "number of groups")};
        s.infer = [](const OpContext& ctx) {
            requireMap(ctx);
            if (ctx.inputs[0].channels() % ctx.attrs.integer("groups"))
                throw OpError(say(msg::kShuffleGroups, {std::to_string(ctx.attrs.integer("groups")), std::to_string(ctx.inputs[0].channels())}));
            return ctx.inputs[0];
        };
        s.cost = noCost;
        s.lower = [](LoweringContext& c) {
            const std::int64_t g = c.attrs.integer("groups"), ch = c.output.channels(), h = c.output.height(),
                               w = c.output.width();
            // N x g x C/g x H x W, swap the group axes, back to N x C x H x W
            const Value grouped = c.ops.view(c.input(0), {-1, g, ch / g, h, w});
            return c.ops.view(c.ops.contiguous(c.ops.transpose(grouped, 1, 2)), {-1, ch, h, w});
        };
        ops.push_back(std::move(s));
    }
    {
        OpSchema s = primitive("channel_split", "Merge", "take one of `parts` equal channel chunks");
        s.attrs = {intAttr("parts", 2, 1, kMaxChannels, "number of equal chunks"),
                   intAttr("index", 0, 0, kMaxChannels, "which chunk (0-based)")};
        s.infer = [](const OpContext& ctx) {
            requireMap(ctx);
            const std::int64_t parts = ctx.attrs.integer("parts"), c = ctx.inputs[0].channels();
            if (c % parts) throw OpError(say(msg::kSplitParts, {std::to_string(parts), std::to_string(c)}));
            if (ctx.attrs.integer("index") >= parts) throw OpError(say(msg::kSplitIndex));
            return TensorShape{{c / parts, ctx.inputs[0].height(), ctx.inputs[0].width()}};
        };
        s.cost = noCost;
        s.lower = [](LoweringContext& c) {
            const std::int64_t chunk = c.output.channels();
            return c.ops.narrow(c.input(0), 1, c.attrs.integer("index") * chunk, chunk);
        };
        ops.push_back(std::move(s));
    }
}

}  // namespace hlcnn::ops
