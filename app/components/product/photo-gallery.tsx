import type { PhotoView } from '#server/catalog/catalog.server.ts';

/** The product's photos as thumbnails, each a link to its large size (works without JavaScript). */
export function PhotoGallery({ photos }: { photos: PhotoView[] }) {
  if (photos.length === 0) return null;
  return (
    <ul className="photo-gallery" aria-label="Photos">
      {photos.map((photo) => (
        <li key={photo.large.src}>
          <a href={photo.large.src}>
            <img
              src={photo.thumb.src}
              width={photo.thumb.width}
              height={photo.thumb.height}
              alt={photo.alt}
              loading="lazy"
              decoding="async"
            />
          </a>
        </li>
      ))}
    </ul>
  );
}
