// The drawing page: pointer events (mouse, touch and pen alike) draw on the canvas; lifting the pen sends the
// drawing to POST /predict as a PNG and shows the three most likely classes. No framework, no build step.
"use strict";

const pad = document.getElementById("pad");
const context = pad.getContext("2d");
const seen = document.getElementById("seen");
const seenContext = seen.getContext("2d");
const status = document.getElementById("status");
const topLabel = document.getElementById("top-label");
const topProbability = document.getElementById("top-probability");
const top3 = document.getElementById("top3");

// A pen about as wide, relative to the canvas, as MNIST's strokes are in 28 x 28.
const penWidth = 20;
let drawing = false;
let last = null;
let inked = false;
// Each request is numbered so that an answer overtaken by a later drawing is not shown.
let sequence = 0;

function clearPad() {
  sequence++;
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, pad.width, pad.height);
  seenContext.clearRect(0, 0, seen.width, seen.height);
  inked = false;
  topLabel.textContent = "–";
  topProbability.textContent = "";
  top3.replaceChildren();
  setStatus("Ready.");
}

function position(event) {
  const box = pad.getBoundingClientRect();
  return { x: (event.clientX - box.left) * (pad.width / box.width), y: (event.clientY - box.top) * (pad.height / box.height) };
}

// A dot where the pen comes down: a line of length zero draws nothing in Chromium, so a tap would leave no mark.
function dot(at) {
  context.fillStyle = "#000000";
  context.beginPath();
  context.arc(at.x, at.y, penWidth / 2, 0, 2 * Math.PI);
  context.fill();
  inked = true;
}

function stroke(from, to) {
  context.strokeStyle = "#000000";
  context.lineWidth = penWidth;
  context.lineCap = "round";
  context.lineJoin = "round";
  context.beginPath();
  context.moveTo(from.x, from.y);
  context.lineTo(to.x, to.y);
  context.stroke();
  inked = true;
}

pad.addEventListener("pointerdown", (event) => {
  event.preventDefault();
  pad.setPointerCapture(event.pointerId);
  drawing = true;
  last = position(event);
  dot(last);
});

pad.addEventListener("pointermove", (event) => {
  if (!drawing) {
    return;
  }

  event.preventDefault();
  const next = position(event);
  stroke(last, next);
  last = next;
});

function endStroke(event) {
  if (!drawing) {
    return;
  }

  drawing = false;
  last = null;
  if (event.pointerId !== undefined && pad.hasPointerCapture(event.pointerId)) {
    pad.releasePointerCapture(event.pointerId);
  }

  predict();
}

pad.addEventListener("pointerup", endStroke);
pad.addEventListener("pointercancel", endStroke);

function setStatus(text, isError) {
  status.textContent = text;
  status.classList.toggle("error", Boolean(isError));
}

function showInput(pixels) {
  const side = Math.round(Math.sqrt(pixels.length));
  const image = seenContext.createImageData(side, side);
  for (let i = 0; i < pixels.length; i++) {
    const v = Math.round(pixels[i]);
    image.data[4 * i] = v;
    image.data[4 * i + 1] = v;
    image.data[4 * i + 2] = v;
    image.data[4 * i + 3] = 255;
  }

  // Draw the small image through a bitmap so it can be scaled up without smoothing.
  createImageBitmap(image).then((bitmap) => {
    seenContext.imageSmoothingEnabled = false;
    seenContext.clearRect(0, 0, seen.width, seen.height);
    seenContext.drawImage(bitmap, 0, 0, seen.width, seen.height);
  });
}

function showPrediction(answer) {
  topLabel.textContent = answer.label;
  topProbability.textContent = (100 * answer.probability).toFixed(1) + " %";
  top3.replaceChildren(...answer.top.map((entry) => {
    const item = document.createElement("li");
    const label = document.createElement("strong");
    label.textContent = entry.label;
    const track = document.createElement("div");
    track.className = "bar-track";
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.style.width = Math.max(1, 100 * entry.probability).toFixed(1) + "%";
    track.appendChild(bar);
    const value = document.createElement("span");
    value.textContent = (100 * entry.probability).toFixed(1) + " %";
    item.append(label, track, value);
    return item;
  }));
  if (answer.input) {
    showInput(answer.input);
  }
}

async function send(blob) {
  const response = await fetch("predict?input=true", { method: "POST", headers: { "Content-Type": "image/png" }, body: blob });
  const answer = await response.json();
  if (!response.ok) {
    throw new Error(answer.detail || answer.title || ("HTTP " + response.status));
  }

  return answer;
}

function predict() {
  if (!inked) {
    setStatus("Draw a digit first.", true);
    return Promise.resolve();
  }

  const mine = ++sequence;
  setStatus("Asking the model…");
  return new Promise((resolve) => pad.toBlob(resolve, "image/png"))
    .then(send)
    .then((answer) => {
      if (mine === sequence) {
        showPrediction(answer);
        setStatus("Done.");
      }
    })
    .catch((error) => {
      if (mine === sequence) {
        setStatus(error.message, true);
      }
    });
}

document.getElementById("clear").addEventListener("click", clearPad);
document.getElementById("predict").addEventListener("click", predict);

fetch("model").then((response) => response.json()).then((model) => {
  document.getElementById("model").textContent = "Model: " + model.name + " · classes " + model.labels.join(" ");
}).catch(() => {});

clearPad();
